package io.profilestream.recommender.api;

/** No catalogue entry for an item id; answered with 404. */
public class ItemNotFoundException extends RuntimeException {

    private final String itemId;

    public ItemNotFoundException(String itemId) {
        super("no catalogue entry for item '" + itemId + "'");
        this.itemId = itemId;
    }

    public String itemId() {
        return itemId;
    }
}
