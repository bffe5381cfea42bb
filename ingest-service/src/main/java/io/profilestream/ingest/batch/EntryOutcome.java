package io.profilestream.ingest.batch;

import io.profilestream.ingest.validation.Violation;
import java.util.List;

/**
 * What happened to one entry of a request.
 *
 * @param index  the entry's position in the request body
 * @param id     its eventId / itemId when that field was valid, else null
 * @param errors why it was rejected; empty when it was accepted (and stored)
 */
public record EntryOutcome(int index, String id, List<Violation> errors) {

    public EntryOutcome {
        errors = List.copyOf(errors);
    }

    /** Whether the entry was valid and the broker stored it. */
    public boolean accepted() {
        return errors.isEmpty();
    }
}
