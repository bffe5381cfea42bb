package io.profilestream.profileupdater.query.openapi;

/** Names shared by the API description. */
public final class ApiDocs {

    /** The media type of every error answer. */
    public static final String PROBLEM_JSON = "application/problem+json";

    private ApiDocs() {
    }
}
