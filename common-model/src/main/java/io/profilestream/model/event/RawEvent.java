package io.profilestream.model.event;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * An event exactly as a shop sent it, after ingest validation, on the raw topic. It still carries
 * the shop's own user id, so only the privacy filter may read it.
 *
 * @param schemaVersion event schema version (currently {@value #CURRENT_SCHEMA_VERSION})
 * @param eventId       the shop's idempotency key; duplicates are dropped downstream
 * @param userId        the shop's user id (personal data)
 * @param sessionId     the shop's session id, or null
 * @param type          what happened
 * @param itemId        the item concerned; null only for searches
 * @param category      item category path, e.g. {@code electronics.smartphone}, or null
 * @param brand         item brand, or null
 * @param price         unit price, or null
 * @param currency      ISO 4217 currency code, or null
 * @param quantity      units for cart and purchase events, or null
 * @param query         search text, for searches
 * @param reviewText    review body, for reviews
 * @param rating        star rating 1..5, for ratings (optional on reviews)
 * @param timestamp     when it happened on the client
 * @param receivedAt    when ingest accepted it
 * @param context       request context that stops at the privacy filter, or null
 * @param consent       the shopper's consent as the shop states it with this event, or null
 */
public record RawEvent(
        int schemaVersion,
        String eventId,
        String userId,
        String sessionId,
        EventType type,
        String itemId,
        String category,
        String brand,
        BigDecimal price,
        String currency,
        Integer quantity,
        String query,
        String reviewText,
        Integer rating,
        Instant timestamp,
        Instant receivedAt,
        EventContext context,
        Consent consent) {

    /** An event that states no consent. */
    public RawEvent(int schemaVersion, String eventId, String userId, String sessionId, EventType type, String itemId,
                    String category, String brand, BigDecimal price, String currency, Integer quantity, String query,
                    String reviewText, Integer rating, Instant timestamp, Instant receivedAt, EventContext context) {
        this(schemaVersion, eventId, userId, sessionId, type, itemId, category, brand, price, currency, quantity, query,
                reviewText, rating, timestamp, receivedAt, context, null);
    }

    /** The schema version this build writes and fully understands. */
    public static final int CURRENT_SCHEMA_VERSION = 1;
}
