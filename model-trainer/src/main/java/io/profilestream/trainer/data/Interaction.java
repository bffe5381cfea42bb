package io.profilestream.trainer.data;

/**
 * One normalised interaction: a row of the interactions TSV
 * ({@code session_id user_id item_id time_ms type category price}).
 *
 * @param sessionId session the click belongs to (given by the source or derived from a user's gap)
 * @param userId    user, or empty when the source has none
 * @param itemId    item clicked
 * @param timeMs    epoch milliseconds
 * @param type      event type wire name ({@code view}, {@code add_to_cart}, {@code purchase}, ...)
 * @param category  category, or empty
 * @param price     price as written in the source (a decimal number), or empty
 */
public record Interaction(String sessionId, String userId, String itemId, long timeMs, String type,
                          String category, String price) {

    /** Column header of the interactions TSV, in order. */
    public static final String HEADER = "session_id\tuser_id\titem_id\ttime_ms\ttype\tcategory\tprice";

    public Interaction {
        userId = userId == null ? "" : userId;
        category = category == null ? "" : category;
        price = price == null ? "" : price;
        type = type == null ? "view" : type;
    }

    /** A copy in another session. */
    public Interaction withSession(String session) {
        return new Interaction(session, userId, itemId, timeMs, type, category, price);
    }
}
