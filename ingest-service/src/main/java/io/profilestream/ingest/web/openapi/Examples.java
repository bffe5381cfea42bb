package io.profilestream.ingest.web.openapi;

/**
 * The examples of the OpenAPI document: request bodies and answers exactly as the service reads
 * and writes them (the problem details are the ones the API tests assert), so a shop engineer can
 * copy them.
 */
final class Examples {

    private Examples() {
    }

    private static final String REQUEST_ID = "\"requestId\":\"3b0f7f5e-3c1a-4b8e-9d62-0c1f4c6f2a11\"";

    static final String EVENT = """
            {"eventId":"e-1001","userId":"shopper-42","sessionId":"s-9","type":"view","itemId":"sku-123",\
            "category":"shoes.running","brand":"Acme","price":89.90,"currency":"EUR",\
            "timestamp":"2025-03-01T10:15:30Z","context":{"ip":"203.0.113.7","userAgent":"Mozilla/5.0"}}""";

    static final String EVENTS = """
            [{"eventId":"e-1001","userId":"shopper-42","type":"view","itemId":"sku-123"},
             {"eventId":"e-1002","userId":"shopper-42","type":"search","query":"red shoes"},
             {"eventId":"e-1003","userId":"shopper-42","type":"purchase","itemId":"sku-123","price":89.90,\
            "currency":"EUR","quantity":1}]""";

    static final String EVENTS_NDJSON = """
            {"eventId":"e-1001","userId":"shopper-42","type":"view","itemId":"sku-123"}
            {"eventId":"e-1002","userId":"shopper-42","type":"search","query":"red shoes"}
            {"eventId":"e-1004","userId":"shopper-7","type":"rating","itemId":"sku-123","rating":4}
            """;

    static final String EVENTS_ACCEPTED = """
            {"accepted":3,"rejected":0,"results":[{"index":0,"eventId":"e-1001","status":"accepted"},\
            {"index":1,"eventId":"e-1002","status":"accepted"},{"index":2,"eventId":"e-1003","status":"accepted"}]}""";

    static final String EVENTS_PARTLY_ACCEPTED = """
            {"accepted":1,"rejected":1,"results":[{"index":0,"eventId":"e-1001","status":"accepted"},\
            {"index":1,"eventId":"e-1002","status":"rejected","errors":[{"field":"query","code":"missing",\
            "message":"query is required for search events"}]}]}""";

    static final String ITEM = """
            {"itemId":"sku-123","category":"Shoes.Running","brand":"Acme","price":89.90,"currency":"eur",\
            "inStock":true,"updatedAt":"2025-03-01T10:15:30Z"}""";

    static final String ITEMS = """
            [{"itemId":"sku-123","category":"shoes.running","price":89.90,"currency":"EUR"},
             {"itemId":"sku-124","category":"shoes.trail","brand":"Acme","inStock":false}]""";

    static final String ITEMS_ACCEPTED = """
            {"accepted":2,"rejected":0,"results":[{"index":0,"itemId":"sku-123","status":"accepted"},\
            {"index":1,"itemId":"sku-124","status":"accepted"}]}""";

    static final String ITEMS_PARTLY_ACCEPTED = """
            {"accepted":1,"rejected":1,"results":[{"index":0,"itemId":"sku-123","status":"accepted"},\
            {"index":1,"itemId":"sku-124","status":"rejected","errors":[{"field":"category","code":"missing",\
            "message":"category is required"}]}]}""";

    static final String ERASURE_ACCEPTED = """
            {"requestId":"9d2c6b1e-7a4f-4e0b-8c55-2f3e1d0a6b77","requestedAt":"2025-03-01T10:15:30.123Z",\
            "status":"/v1/users/shopper-42/erasure"}""";

    static final String ERASURE_PENDING = """
            {"requestId":"9d2c6b1e-7a4f-4e0b-8c55-2f3e1d0a6b77","requestedAt":"2025-03-01T10:15:30.123Z",\
            "state":"pending","services":[{"service":"privacy-filter","state":"completed",\
            "updatedAt":"2025-03-01T10:15:30.480Z","detail":"erased-users marker set to 2025-03-01T10:15:30.123Z; \
            0 burst-count windows deleted"},{"service":"profile-updater","state":"pending"},\
            {"service":"recommender-service","state":"pending"}]}""";

    static final String INVALID_EVENTS = """
            {"type":"urn:profilestream:problem:invalid-events","title":"Invalid events","status":400,\
            "detail":"2 of 2 events were rejected","instance":"/v1/events",""" + REQUEST_ID + """
            ,"errors":[{"index":0,"field":"userId","code":"missing","message":"userId is required"},\
            {"index":1,"field":"$","code":"wrong_type","message":"an event must be a JSON object"}]}""";

    static final String INVALID_ITEMS = """
            {"type":"urn:profilestream:problem:invalid-items","title":"Invalid items","status":400,\
            "detail":"1 of 1 items were rejected","instance":"/v1/items",""" + REQUEST_ID + """
            ,"errors":[{"index":0,"field":"price","code":"out_of_range",\
            "message":"price must be greater than or equal to 0"}]}""";

    static final String MALFORMED_JSON = """
            {"type":"urn:profilestream:problem:malformed-json","title":"Malformed JSON","status":400,\
            "detail":"invalid JSON at line 2, column 19: Unexpected character ('}' (code 125)): was expecting \
            double-quote to start field name","instance":"/v1/events",""" + REQUEST_ID + """
            ,"line":2,"column":19}""";

    static final String EMPTY_BODY = """
            {"type":"urn:profilestream:problem:empty-body","title":"Empty request body","status":400,\
            "detail":"the request body contains no entries","instance":"/v1/events",""" + REQUEST_ID + "}";

    static final String BODY_TOO_LARGE = """
            {"type":"urn:profilestream:problem:body-too-large","title":"Request body too large","status":413,\
            "detail":"the request body exceeds 1048576 bytes","instance":"/v1/events",""" + REQUEST_ID + """
            ,"maxBodyBytes":1048576}""";

    static final String BATCH_TOO_LARGE = """
            {"type":"urn:profilestream:problem:batch-too-large","title":"Too many entries in one request",\
            "status":413,"detail":"the request holds 501 entries; at most 500 are accepted per request",\
            "instance":"/v1/events",""" + REQUEST_ID + """
            ,"maxBatchSize":500,"received":501}""";

    static final String UNSUPPORTED_MEDIA_TYPE = """
            {"type":"urn:profilestream:problem:unsupported-media-type","title":"Unsupported Media Type",\
            "status":415,"detail":"Content-Type 'text/plain' is not supported.","instance":"/v1/events",\
            """ + REQUEST_ID + "}";

    static final String BROKER_UNAVAILABLE = """
            {"type":"urn:profilestream:problem:broker-unavailable","title":"Event store unavailable","status":503,\
            "detail":"Kafka became unavailable after storing 1 of 2 valid entries; retry the whole request after \
            5 s (entries stored twice are de-duplicated downstream)","instance":"/v1/events",""" + REQUEST_ID + """
            ,"storedIndices":[1]}""";

    static final String BROKER_SHORT_CIRCUIT = """
            {"type":"urn:profilestream:problem:broker-unavailable","title":"Event store unavailable","status":503,\
            "detail":"Kafka did not answer a recent request in time; until it answers again requests are refused \
            without trying, and none of the 2 valid entries was stored; retry the whole request after 5 s",\
            "instance":"/v1/events",""" + REQUEST_ID + """
            ,"storedIndices":[]}""";

    static final String OVERLOADED = """
            {"type":"urn:profilestream:problem:overloaded","title":"Too much in flight","status":429,\
            "detail":"ingest already holds as many request bytes as it may (33554432) until Kafka confirms earlier \
            requests; nothing of this request was read or stored; retry it after 1 s","instance":"/v1/events",\
            """ + REQUEST_ID + """
            ,"maxInFlightBytes":33554432}""";

    static final String PUBLISH_FAILED = """
            {"type":"urn:profilestream:problem:publish-failed","title":"Event store refused the request",\
            "status":500,"detail":"Kafka refused the request after storing 0 of 1 valid entries; the failure has \
            been logged","instance":"/v1/events",""" + REQUEST_ID + """
            ,"storedIndices":[]}""";

    static final String INTERNAL_ERROR = """
            {"type":"urn:profilestream:problem:internal-error","title":"Internal server error","status":500,\
            "detail":"an unexpected error occurred; it has been logged","instance":"/v1/events",""" + REQUEST_ID + "}";

    static final String INVALID_USER_ID = """
            {"type":"urn:profilestream:problem:invalid-user-id","title":"Invalid user id","status":400,\
            "detail":"userId must not contain control characters","instance":"/v1/users/u%01x",\
            """ + REQUEST_ID + """
            ,"errors":[{"field":"userId","code":"invalid_characters","message":"userId must not contain control \
            characters"}]}""";

    static final String ERASURE_BROKER_UNAVAILABLE = """
            {"type":"urn:profilestream:problem:broker-unavailable","title":"Event store unavailable","status":503,\
            "detail":"Kafka did not confirm the erasure request; retry after 5 s (repeating an erasure is \
            harmless)","instance":"/v1/users/shopper-42",""" + REQUEST_ID + "}";

    static final String ERASURE_PUBLISH_FAILED = """
            {"type":"urn:profilestream:problem:publish-failed","title":"Event store refused the request",\
            "status":500,"detail":"Kafka refused the erasure request; the failure has been logged",\
            "instance":"/v1/users/shopper-42",""" + REQUEST_ID + "}";

    static final String ERASURE_NOT_FOUND = """
            {"type":"urn:profilestream:problem:erasure-not-found","title":"No erasure requested","status":404,\
            "detail":"no erasure was requested for this user","instance":"/v1/users/shopper-42/erasure",\
            """ + REQUEST_ID + "}";

    static final String ERASURE_STATUS_UNAVAILABLE = """
            {"type":"urn:profilestream:problem:erasure-status-unavailable","title":"Erasure status unavailable",\
            "status":503,"detail":"the erasure status is still being read from Kafka; retry after 5 s",\
            "instance":"/v1/users/shopper-42/erasure",""" + REQUEST_ID + "}";
}
