package io.profilestream.recommender.api;

/**
 * Example bodies of the OpenAPI description (docs/openapi/recommender-service.json), one place so
 * the controllers stay readable. Each is an answer this service gives, with its defaults.
 */
final class ApiExamples {

    private ApiExamples() {
    }

    static final String RECOMMENDATIONS_MODEL = """
            {
              "userKey": "3f6c0b0d5f1e4a7f9a7c2d1e8b4a6c5d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b",
              "path": "lstm+mlp",
              "modelVersion": "2025-03-01",
              "strategy": "neural",
              "fallback": false,
              "k": 2,
              "generatedAt": "2025-03-01T12:00:00.125Z",
              "profileEvents": 42,
              "items": [
                {
                  "itemId": "sku-1042",
                  "score": 0.913204,
                  "parts": {
                    "iknn_score": 0.118,
                    "in_session": 0.0,
                    "log_popularity": 5.303305,
                    "lstm_rank": 1.0,
                    "lstm_score": 4.812077,
                    "mlp_score": 0.913204,
                    "position_from_end": 0.0,
                    "same_category_as_last": 1.0,
                    "session_length": 4.0,
                    "vsknn_rank": 3.0,
                    "vsknn_score": 0.371536
                  },
                  "category": "electronics/phones",
                  "brand": "acme",
                  "price": 199.00,
                  "currency": "EUR"
                },
                {
                  "itemId": "sku-2210",
                  "score": 0.874113,
                  "parts": {
                    "iknn_score": 0.0,
                    "in_session": 0.0,
                    "log_popularity": 4.174387,
                    "lstm_rank": 4.0,
                    "lstm_score": 4.020561,
                    "mlp_score": 0.874113,
                    "position_from_end": 0.0,
                    "same_category_as_last": 1.0,
                    "session_length": 4.0,
                    "vsknn_rank": 1.0,
                    "vsknn_score": 0.522809
                  },
                  "category": "electronics/phones",
                  "brand": "globex",
                  "price": 149.50,
                  "currency": "EUR"
                }
              ]
            }""";

    static final String RECOMMENDATIONS_CATEGORY_POPULAR = """
            {
              "userKey": "9a1e2f3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7",
              "path": "category-popular",
              "modelVersion": "2025-03-01",
              "strategy": "affinity-popularity",
              "fallback": false,
              "k": 1,
              "generatedAt": "2025-03-01T12:00:00.125Z",
              "profileEvents": 3,
              "items": [
                {
                  "itemId": "sku-3301",
                  "score": 0.62,
                  "parts": {
                    "categoryAffinity": 0.6,
                    "brandAffinity": 0.25,
                    "popularity": 0.8
                  },
                  "category": "books",
                  "brand": "penguin",
                  "price": 12.50,
                  "currency": "EUR"
                }
              ]
            }""";

    static final String RECOMMENDATIONS_UNKNOWN_USER = """
            {
              "userKey": "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00",
              "path": "popular",
              "modelVersion": null,
              "strategy": "popular",
              "fallback": true,
              "k": 1,
              "generatedAt": "2025-03-01T12:00:00.125Z",
              "profileEvents": 0,
              "items": [
                {
                  "itemId": "sku-1042",
                  "score": 1.0,
                  "parts": {
                    "categoryAffinity": 0.0,
                    "brandAffinity": 0.0,
                    "popularity": 1.0
                  },
                  "category": "electronics/phones",
                  "brand": "acme",
                  "price": 199.00,
                  "currency": "EUR"
                }
              ]
            }""";

    static final String ITEM = """
            {
              "itemId": "sku-1042",
              "category": "electronics/phones",
              "brand": "acme",
              "price": 199.00,
              "currency": "EUR",
              "inStock": true,
              "popularity": 87.25,
              "popularityAsOf": "2025-03-01T11:58:02.113Z",
              "views": 1520,
              "carts": 96,
              "purchases": 31
            }""";

    static final String K_OUT_OF_RANGE = """
            {
              "type": "urn:profilestream:problem:invalid-parameter",
              "title": "Invalid request parameter",
              "status": 400,
              "detail": "k must be between 1 and 100, got 0",
              "instance": "/v1/recommendations/u-1042",
              "parameter": "k",
              "min": 1,
              "max": 100
            }""";

    static final String K_NOT_AN_INTEGER = """
            {
              "type": "urn:profilestream:problem:invalid-parameter",
              "title": "Invalid request parameter",
              "status": 400,
              "detail": "k must be an integer, got 'ten'",
              "instance": "/v1/recommendations/u-1042",
              "parameter": "k"
            }""";

    static final String RECOMMENDATIONS_UNAVAILABLE = """
            {
              "type": "urn:profilestream:problem:store-unavailable",
              "title": "State store not available",
              "status": 503,
              "detail": "Kafka Streams is REBALANCING",
              "instance": "/v1/recommendations/u-1042"
            }""";

    static final String ITEM_UNAVAILABLE = """
            {
              "type": "urn:profilestream:problem:store-unavailable",
              "title": "State store not available",
              "status": 503,
              "detail": "the catalogue store is not queryable yet",
              "instance": "/v1/items/sku-1042"
            }""";

    static final String ITEM_NOT_FOUND = """
            {
              "type": "urn:profilestream:problem:item-not-found",
              "title": "Item not found",
              "status": 404,
              "detail": "no catalogue entry for item 'sku-9999'",
              "instance": "/v1/items/sku-9999",
              "itemId": "sku-9999"
            }""";

    static final String INTERNAL_ERROR = """
            {
              "type": "urn:profilestream:problem:internal-error",
              "title": "Internal error",
              "status": 500,
              "detail": "the request could not be completed; the error was logged",
              "instance": "/v1/recommendations/u-1042"
            }""";
}
