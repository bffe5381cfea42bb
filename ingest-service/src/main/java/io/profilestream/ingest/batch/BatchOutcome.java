package io.profilestream.ingest.batch;

import java.util.List;

/**
 * The per-entry outcomes of a request whose valid entries were all stored.
 *
 * @param entries one outcome per entry, in body order
 */
public record BatchOutcome(List<EntryOutcome> entries) {

    public BatchOutcome {
        entries = List.copyOf(entries);
    }

    /** How many entries were stored. */
    public int accepted() {
        return (int) entries.stream().filter(EntryOutcome::accepted).count();
    }

    /** How many entries were refused by validation. */
    public int rejected() {
        return entries.size() - accepted();
    }
}
