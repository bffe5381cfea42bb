package io.profilestream.ingest.body;

import com.fasterxml.jackson.databind.JsonNode;
import io.profilestream.ingest.validation.Violation;

/**
 * One entry of a request body: either parsed JSON, or (NDJSON only) a line that could not be parsed.
 *
 * @param index position among the body's entries, from 0 (blank NDJSON lines do not count)
 * @param node  the parsed JSON, or null when {@code error} is set
 * @param error why the entry could not be parsed, or null
 */
public record BatchEntry(int index, JsonNode node, Violation error) {

    /** An entry that parsed as JSON (not necessarily an object). */
    public static BatchEntry parsed(int index, JsonNode node) {
        return new BatchEntry(index, node, null);
    }

    /** An entry that was not valid JSON. */
    public static BatchEntry broken(int index, Violation error) {
        return new BatchEntry(index, null, error);
    }
}
