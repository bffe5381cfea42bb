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
        Duration maxClockSkew) {

    /** The documented defaults: 24 h window, at most 1000 units, at most 1,000,000 per unit, 5 min skew. */
    public static FilterProperties defaults() {
        return new FilterProperties(Duration.ofHours(24), 1000, new BigDecimal("1000000"), Duration.ofMinutes(5));
    }
}
