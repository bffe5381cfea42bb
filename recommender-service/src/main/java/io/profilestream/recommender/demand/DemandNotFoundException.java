package io.profilestream.recommender.demand;

/**
 * An unknown category or item: not in the catalogue (with differential privacy), or without stored
 * demand in the history shown (exact counts); answered with 404.
 */
public class DemandNotFoundException extends RuntimeException {

    private final DemandKind kind;
    private final String id;
    private final int historyDays;

    public DemandNotFoundException(DemandKind kind, String id, int historyDays) {
        super("no demand recorded for " + kind.wireName() + " '" + id + "' in the last " + historyDays + " days");
        this.kind = kind;
        this.id = id;
        this.historyDays = historyDays;
    }

    public DemandKind kind() {
        return kind;
    }

    public String id() {
        return id;
    }

    public int historyDays() {
        return historyDays;
    }
}
