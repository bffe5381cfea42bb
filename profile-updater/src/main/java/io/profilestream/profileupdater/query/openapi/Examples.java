package io.profilestream.profileupdater.query.openapi;

/**
 * The examples of the API description. {@link #PROFILE} is what the service serves for that
 * profile, byte for byte up to whitespace ({@code OpenApiSpecTest} checks it).
 */
final class Examples {

    /** A user key as the examples use it. */
    static final String USER_KEY = "7c4a8d09ca3762af61e59520943dc26494f8941b6a2f0e8a7b9d5c3e1f2a4b6c";

    /** A profile with every optional part present, the neural part included. */
    static final String PROFILE = """
            {
              "userKey": "7c4a8d09ca3762af61e59520943dc26494f8941b6a2f0e8a7b9d5c3e1f2a4b6c",
              "eventCount": 9,
              "counts": {"view": 5, "search": 1, "add_to_cart": 1, "purchase": 1, "review": 1},
              "categoryAffinity": {
                "asOf": "2025-03-01T10:42:05Z",
                "scores": {"apparel.socks": 1.5, "outdoor.bags": 0.25, "shoes.running": 3.25}
              },
              "brandAffinity": {"asOf": "2025-03-01T10:42:05Z", "scores": {"acme": 2.5, "trailco": 1.5}},
              "priceBand": {
                "count": 3,
                "meanLog": 4.023491038594538,
                "m2Log": 1.256091637973023,
                "high": 123.46830179375357,
                "low": 25.30488903875172,
                "typical": 55.89590035677076
              },
              "rfm": {"lastPurchaseTime": "2025-03-01T10:40:51Z", "purchases": 1, "unitsBought": 2, "spend": {"EUR": 119.80}},
              "sessionCount": 2,
              "lastSessionKey": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
              "recentItems": ["sku-1042", "sku-0007", "sku-2211"],
              "purchasedItems": ["sku-1042"],
              "firstEventTime": "2025-02-27T18:03:12Z",
              "lastEventTime": "2025-03-01T10:42:05Z",
              "neural": {
                "modelVersion": "2025-02-28-v3",
                "sessionKey": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                "sessionItems": ["sku-2211", "sku-1042", "sku-0007", "sku-1042"],
                "steps": 4,
                "h": "AAAAPwAAgL4AAAA+AABAPw==",
                "c": "AACAPwAAAL8AAIA+AAAAQA=="
              },
              "text": {
                "reviewsScored": 1,
                "meanPolarity": 0.8125,
                "queryInterests": {"asOf": "2025-03-01T10:31:40Z", "scores": {"apparel.socks": 0.25, "shoes.running": 0.75}}
              },
              "topCategories": {"shoes.running": 0.65, "apparel.socks": 0.3, "outdoor.bags": 0.05},
              "topBrands": {"acme": 0.625, "trailco": 0.375},
              "vector": {"modelVersion": "2025-02-28-v3", "steps": 4, "sessionItemCount": 4, "hiddenSize": 4,
                         "h": [0.5, -0.25, 0.125, 0.75]},
              "churnRisk": {"probability": 0.1834, "horizonHours": 48, "modelVersion": "churn-20250301-0900",
                            "asOf": "2025-03-01T11:00:00Z"},
              "segment": {"id": 2, "modelVersion": "segments-20250301-0300",
                          "description": "about 1210 users; top categories shoes.running, apparel.socks; price band medium; churn risk low; activity regular"},
              "topQueryInterests": {"shoes.running": 0.75, "apparel.socks": 0.25}
            }
            """;

    /** 400 {@code invalid-user-key}: a raw shop user id sent instead of its pseudonym. */
    static final String INVALID_USER_KEY = """
            {
              "type": "urn:profilestream:problem:invalid-user-key",
              "title": "Invalid user key",
              "status": 400,
              "detail": "userKey must be 64 lower-case hex characters (an HMAC-SHA256 pseudonym)",
              "instance": "/v1/profiles/shopper-4711",
              "expected": "64 lower-case hex characters"
            }
            """;

    /** 404 {@code profile-not-found}. */
    static final String PROFILE_NOT_FOUND = """
            {
              "type": "urn:profilestream:problem:profile-not-found",
              "title": "Profile not found",
              "status": 404,
              "detail": "no events have been received for this user",
              "instance": "/v1/profiles/7c4a8d09ca3762af61e59520943dc26494f8941b6a2f0e8a7b9d5c3e1f2a4b6c",
              "userKey": "7c4a8d09ca3762af61e59520943dc26494f8941b6a2f0e8a7b9d5c3e1f2a4b6c"
            }
            """;

    /** 503 {@code profile-unavailable} while Kafka Streams is not running. */
    static final String STORE_NOT_QUERYABLE = """
            {
              "type": "urn:profilestream:problem:profile-unavailable",
              "title": "Profile temporarily unavailable",
              "status": 503,
              "detail": "profile store is not queryable yet (Kafka Streams is starting, restoring or rebalancing); retry shortly",
              "instance": "/v1/profiles/7c4a8d09ca3762af61e59520943dc26494f8941b6a2f0e8a7b9d5c3e1f2a4b6c",
              "retryAfterSeconds": 1
            }
            """;

    /** 503 {@code profile-unavailable} when the instance owning the user did not answer. */
    static final String OWNER_UNREACHABLE = """
            {
              "type": "urn:profilestream:problem:profile-unavailable",
              "title": "Profile temporarily unavailable",
              "status": 503,
              "detail": "the instance owning this profile (10.0.3.17:8083) did not answer; retry shortly",
              "instance": "/v1/profiles/7c4a8d09ca3762af61e59520943dc26494f8941b6a2f0e8a7b9d5c3e1f2a4b6c",
              "retryAfterSeconds": 1
            }
            """;

    private Examples() {
    }
}
