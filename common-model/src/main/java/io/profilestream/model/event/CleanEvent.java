package io.profilestream.model.event;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A validated, de-duplicated, normalised and pseudonymised event: the only event form that
 * leaves the privacy filter. It carries no raw user id and no request context.
 *
 * @param schemaVersion event schema version
 * @param eventId       the shop's idempotency key (kept so later stages can trace a record)
 * @param userKey       HMAC-SHA256 pseudonym of the shop's user id (hex)
 * @param keyId         id of the HMAC key that produced {@code userKey} and {@code sessionKey}
 * @param sessionKey    pseudonym of the shop's session id, or null
 * @param type          what happened
 * @param itemId        the item concerned; null only for searches
 * @param category      normalised category (trimmed, lower case), or null
 * @param brand         normalised brand (trimmed, lower case), or null
 * @param price         unit price, or null
 * @param currency      upper-case ISO 4217 code, or null
 * @param quantity      units, or null
 * @param query         search text (trimmed), or null
 * @param reviewText    review body (trimmed), or null
 * @param rating        star rating 1..5, or null
 * @param eventTime     when it happened (client time, or ingest time when the client gave none)
 * @param consent       the shopper's consent stated with this event, or null (see {@link Consent})
 * @param previousUserKey the user's pseudonym under the previous HMAC key, set only during a key
 *                      rotation's grace period, so the profile-updater can wait for the profile
 *                      kept under it to be handed over (see {@link Rekey})
 */
public record CleanEvent(
        int schemaVersion,
        String eventId,
        String userKey,
        String keyId,
        String sessionKey,
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
        Instant eventTime,
        Consent consent,
        String previousUserKey) {

    /** An event outside a key rotation. */
    public CleanEvent(int schemaVersion, String eventId, String userKey, String keyId, String sessionKey,
                      EventType type, String itemId, String category, String brand, BigDecimal price,
                      String currency, Integer quantity, String query, String reviewText, Integer rating,
                      Instant eventTime, Consent consent) {
        this(schemaVersion, eventId, userKey, keyId, sessionKey, type, itemId, category, brand, price, currency,
                quantity, query, reviewText, rating, eventTime, consent, null);
    }

    /** An event that states no consent. */
    public CleanEvent(int schemaVersion, String eventId, String userKey, String keyId, String sessionKey,
                      EventType type, String itemId, String category, String brand, BigDecimal price,
                      String currency, Integer quantity, String query, String reviewText, Integer rating,
                      Instant eventTime) {
        this(schemaVersion, eventId, userKey, keyId, sessionKey, type, itemId, category, brand, price, currency,
                quantity, query, reviewText, rating, eventTime, null, null);
    }

    /** This event with {@code eventTime} set (every other component kept). */
    public CleanEvent withEventTime(Instant at) {
        return new CleanEvent(schemaVersion, eventId, userKey, keyId, sessionKey, type, itemId, category, brand, price,
                currency, quantity, query, reviewText, rating, at, consent, previousUserKey);
    }

    /** Quantity with the documented default of one unit. */
    public int quantityOrOne() {
        return quantity == null ? 1 : quantity;
    }
}
