package io.profilestream.privacyfilter.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.math.BigDecimal;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The rules the privacy filter applies ({@code profilestream.filter.*}); validated at start-up.
 *
 * @param dedupeWindow how long an event id is remembered: a second event with the same id whose
 *                     record timestamp is within this distance of an earlier sighting is dropped
 * @param maxQuantity  largest accepted quantity (the smallest is 1)
 * @param maxPrice     largest accepted unit price (the smallest is 0)
 * @param maxClockSkew how far a client timestamp may be ahead of ingest's receive time
 * @param maxEventAge  how far a client timestamp may be behind ingest's receive time; older events
 *                     are diverted as {@code TIMESTAMP_TOO_OLD} (their weight in decayed profiles
 *                     would be near zero, and a flood of them usually means a misconfigured replay)
 * @param botWindow    length of the fixed window in which a user's events are counted
 * @param botMaxEvents most events a user may send in one {@code botWindow}; the rest of that window's
 *                     events are diverted as {@code BOT_SUSPECTED}
 * @param deadLetterPayloads whether dead letters keep the refused record's original text in
 *                     {@code payload}. Off by default (privacy by default): that text holds the
 *                     shop's raw user id, session id, IP, user agent and free text, and an erasure
 *                     cannot reach it, because single records cannot be deleted from the
 *                     time-retained dead-letter topic. Turn it on only while debugging a shop's
 *                     integration, knowing that an erasure then does not cover the copies on the
 *                     dead-letter topic until its 14-day retention expires them. Reason, detail,
 *                     event id and source coordinates are kept either way; {@code USER_ERASED}
 *                     dead letters never keep a payload.
 */
@Validated
@ConfigurationProperties("profilestream.filter")
public record FilterProperties(
        @DefaultValue("24h")
        @NotNull(message = "set profilestream.filter.dedupe-window, e.g. 24h")
        @DurationMin(millis = 1, message = "profilestream.filter.dedupe-window must be positive, e.g. 24h")
        Duration dedupeWindow,
        @DefaultValue("1000")
        @Min(value = 1, message = "profilestream.filter.max-quantity must be at least 1")
        int maxQuantity,
        @DefaultValue("1000000")
        @NotNull(message = "set profilestream.filter.max-price, e.g. 1000000")
        @Positive(message = "profilestream.filter.max-price must be positive")
        BigDecimal maxPrice,
        @DefaultValue("5m")
        @NotNull(message = "set profilestream.filter.max-clock-skew, e.g. 5m")
        @DurationMin(millis = 0, message = "profilestream.filter.max-clock-skew must not be negative")
        Duration maxClockSkew,
        @DefaultValue("30d")
        @NotNull(message = "set profilestream.filter.max-event-age, e.g. 30d")
        @DurationMin(millis = 1, message = "profilestream.filter.max-event-age must be positive, e.g. 30d")
        Duration maxEventAge,
        @DefaultValue("10s")
        @NotNull(message = "set profilestream.filter.bot-window, e.g. 10s")
        @DurationMin(millis = 1, message = "profilestream.filter.bot-window must be positive, e.g. 10s")
        Duration botWindow,
        @DefaultValue("100")
        @Min(value = 1, message = "profilestream.filter.bot-max-events must be at least 1")
        int botMaxEvents,
        @DefaultValue("false")
        boolean deadLetterPayloads) {

    /**
     * The documented defaults: 24 h dedupe window, at most 1000 units, at most 1,000,000 per unit,
     * 5 min clock skew, events at most 30 days old, at most 100 events per user in 10 s, dead
     * letters without payload.
     */
    public static FilterProperties defaults() {
        return new FilterProperties(Duration.ofHours(24), 1000, new BigDecimal("1000000"), Duration.ofMinutes(5),
                Duration.ofDays(30), Duration.ofSeconds(10), 100, false);
    }
}
