package io.profilestream.ingest.body;

import org.springframework.http.MediaType;

/** How a request body lays out its entries. */
public enum BodyFormat {
    /** One JSON object, or a JSON array of objects ({@code application/json}). */
    JSON,
    /** One JSON object per line, blank lines ignored ({@code application/x-ndjson}). */
    NDJSON;

    /**
     * The format for a Content-Type header the controller already accepted.
     *
     * @throws org.springframework.http.InvalidMediaTypeException when the header is not a media type
     */
    public static BodyFormat of(String contentType) {
        return MediaType.APPLICATION_NDJSON.isCompatibleWith(MediaType.parseMediaType(contentType)) ? NDJSON : JSON;
    }
}
