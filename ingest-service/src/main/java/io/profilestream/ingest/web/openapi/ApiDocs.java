package io.profilestream.ingest.web.openapi;

/** Names shared by the API descriptions. */
public final class ApiDocs {

    /** The media type of every error answer. */
    public static final String PROBLEM_JSON = "application/problem+json";
    /** Description of the Retry-After header of 503 answers. */
    static final String RETRY_AFTER = "Seconds to wait before retrying (profilestream.ingest.retry-after, default 5).";
    /** Description of the Retry-After header of 429 answers. */
    static final String OVERLOADED_RETRY_AFTER = "Seconds to wait before retrying "
            + "(profilestream.ingest.overloaded-retry-after, default 1).";

    private ApiDocs() {
    }
}
