package io.profilestream.generator.replay;

import io.profilestream.model.event.RawEvent;

/**
 * One source row: the event it became, or why it was rejected.
 *
 * @param line   1-based line number in the file (header included)
 * @param event  the event, or null when rejected
 * @param reason why the row was rejected, or null
 */
public record ReplayRow(long line, RawEvent event, String reason) {

    /** Whether the row became an event. */
    public boolean accepted() {
        return event != null;
    }
}
