package io.profilestream.recommender.demand;

/** Whose demand an answer is about: a category or an item, each with its own window store. */
public enum DemandKind {
    CATEGORY("category", DemandTopology.CATEGORY_STORE),
    ITEM("item", DemandTopology.ITEM_STORE);

    private final String wireName;
    private final String store;

    DemandKind(String wireName, String store) {
        this.wireName = wireName;
        this.store = store;
    }

    /** The name in answers and problems. */
    public String wireName() {
        return wireName;
    }

    /** The window store holding this kind's hourly counts. */
    public String store() {
        return store;
    }
}
