package io.profilestream.ingest.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * Validates one JSON entry of a request field by field and builds the value to publish.
 *
 * @param <V> the value type written to Kafka
 */
public interface EntryValidator<V> {

    /**
     * Checks every field of {@code entry} and reports all violations, not just the first.
     *
     * @param entry      one element of the request (any JSON node; non-objects are violations)
     * @param receivedAt when the request arrived; the default for absent time fields
     */
    Validated<V> validate(JsonNode entry, Instant receivedAt);
}
