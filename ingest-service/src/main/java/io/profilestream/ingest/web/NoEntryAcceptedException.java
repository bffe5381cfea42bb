package io.profilestream.ingest.web;

import io.profilestream.ingest.batch.BatchOutcome;

/** Every entry of a request was refused by validation; answered with a 400 problem listing why. */
public final class NoEntryAcceptedException extends RuntimeException {

    private final String noun;
    private final transient BatchOutcome outcome;

    /**
     * @param noun    what the entries are, plural ("events", "items"); names the problem type
     * @param outcome the rejected entries
     */
    public NoEntryAcceptedException(String noun, BatchOutcome outcome) {
        super(outcome.rejected() + " of " + outcome.entries().size() + " " + noun + " were rejected", null, false, false);
        this.noun = noun;
        this.outcome = outcome;
    }

    /** What the entries are, plural. */
    public String noun() {
        return noun;
    }

    /** The rejected entries. */
    public BatchOutcome outcome() {
        return outcome;
    }
}
