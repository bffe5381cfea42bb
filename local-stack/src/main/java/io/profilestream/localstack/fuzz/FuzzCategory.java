package io.profilestream.localstack.fuzz;

/** The kinds of malformed request the fuzzer sends (issue 6, "Bad input"). */
public enum FuzzCategory {
    /** Truncated, unbalanced or otherwise not well-formed JSON. */
    BROKEN_JSON(Scope.BODY),
    /** Strings where numbers are expected, objects where strings are, and so on. */
    WRONG_TYPES(Scope.BODY),
    /** Required fields left out, null or empty; empty objects and arrays. */
    MISSING_FIELDS(Scope.BODY),
    /** 1e400, 2^64, -0, "NaN", "Infinity", 400-digit integers. */
    HUGE_NUMBERS(Scope.BODY),
    /** Arrays or objects nested 10,000 levels deep. */
    DEEP_NESTING(Scope.BODY),
    /** A body of about 10 MB. */
    HUGE_BODY(Scope.BODY),
    /** Bytes that are not UTF-8 in the body (and, for ids, in the raw request line). */
    INVALID_UTF8(Scope.BODY_OR_ID),
    /** NUL, escape, bell and other control characters in strings and ids. */
    CONTROL_CHARS(Scope.BODY_OR_ID),
    /** Fields the schema does not know, at the top and nested. */
    UNKNOWN_FIELDS(Scope.BODY),
    /** Missing, wrong or nonsensical Content-Type (and Accept) headers. */
    WRONG_CONTENT_TYPE(Scope.EVERY),
    /** Methods the endpoint is not mapped to. */
    WRONG_METHOD(Scope.EVERY),
    /** {@code ..%2F..%2Fetc%2Fpasswd}, {@code %00}, encoded backslashes, raw dots. */
    PATH_TRAVERSAL(Scope.ID),
    /** Ids of 1 KB to 64 KB. */
    LONG_ID(Scope.ID),
    /** Bad values for {@code k}: not numbers, out of range, repeated, huge. */
    BAD_QUERY(Scope.QUERY),
    /** No API key, an empty one, a wrong one, another role's. */
    API_KEY(Scope.EVERY),
    /** Request lines HTTP itself refuses: spaces and raw bytes in the target, bad versions (raw socket). */
    RAW_REQUEST_LINE(Scope.EVERY);

    private enum Scope { BODY, ID, BODY_OR_ID, QUERY, EVERY }

    private final Scope scope;

    FuzzCategory(Scope scope) {
        this.scope = scope;
    }

    boolean forBodies() {
        return scope == Scope.BODY || scope == Scope.BODY_OR_ID;
    }

    boolean forIds() {
        return scope == Scope.ID || scope == Scope.BODY_OR_ID;
    }

    boolean forEvery() {
        return scope == Scope.EVERY;
    }
}
