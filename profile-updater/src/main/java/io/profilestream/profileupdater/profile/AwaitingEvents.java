package io.profilestream.profileupdater.profile;

import io.profilestream.model.event.CleanEvent;
import java.util.List;

/**
 * The value of {@link ProfileTopology#AWAITING_HANDOVER_STORE}: a user's clean events held back,
 * in arrival order, until the profile kept under their previous pseudonym is handed over after a
 * key rotation (see {@link HandoverBuffer}). Stored as JSON of the shared mapper.
 *
 * @param events the held events, oldest first
 */
public record AwaitingEvents(List<Held> events) {

    /** Never null, never mutable. */
    public AwaitingEvents {
        events = events == null ? List.of() : List.copyOf(events);
    }

    /**
     * One held event with its record timestamp (ingest's receive time), which the erasure check
     * and every forward need when the event is finally applied.
     *
     * @param event     the clean event, its event time already set
     * @param timestamp the record timestamp, epoch ms
     */
    public record Held(CleanEvent event, long timestamp) {
    }
}
