package io.profilestream.privacyfilter.topology;

import io.profilestream.model.dlq.ReasonCode;
import io.profilestream.privacyfilter.config.FilterProperties;
import io.profilestream.model.event.RawEvent;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Step 2: puts fields into one canonical form and enforces value ranges. Strings are trimmed
 * (blank optional strings become null); category and brand are lower-cased, currency
 * upper-cased and checked against ISO 4217, prices rounded to the currency's minor units. Out-of-range values are dead-lettered with {@code INVALID_CURRENCY},
 * {@code QUANTITY_OUT_OF_RANGE}, {@code PRICE_OUT_OF_RANGE}, {@code RATING_OUT_OF_RANGE} or
 * {@code TIMESTAMP_IN_FUTURE} or {@code TIMESTAMP_TOO_OLD} (checked in that order; the first
 * failure is reported).
 *
 * <p>The event forwarded to {@link ErasureGuardProcessor#NAME} has {@code timestamp} set to the
 * effective event time: the client's timestamp, else ingest's {@code receivedAt}, else the record
 * timestamp (which ingest sets to {@code receivedAt}, for producers that bypassed ingest).
 */
public final class NormaliseProcessor implements Processor<String, ParsedEvent, String, Object> {

    /** Processor name in the topology. */
    public static final String NAME = "normalise";

    /** Smallest star rating. */
    public static final int MIN_RATING = 1;
    /** Largest star rating. */
    public static final int MAX_RATING = 5;

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private final int maxQuantity;
    private final BigDecimal maxPrice;
    private final Duration maxClockSkew;
    private final Duration maxEventAge;
    private final Clock clock;
    private ProcessorContext<String, Object> context;

    /**
     * @param settings the limits: quantity, price, clock skew and event age
     * @param clock    source of {@code divertedAt}
     */
    public NormaliseProcessor(FilterProperties settings, Clock clock) {
        this.maxQuantity = settings.maxQuantity();
        this.maxPrice = settings.maxPrice();
        this.maxClockSkew = settings.maxClockSkew();
        this.maxEventAge = settings.maxEventAge();
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, ParsedEvent> record) {
        RawEvent e = record.value().event();
        String currency = upper(trimToNull(e.currency()));
        if (currency != null && !CURRENCY.matcher(currency).matches()) {
            // Not echoed: a malformed currency is arbitrary text. A three-letter code (below) is safe to name.
            divert(record, ReasonCode.INVALID_CURRENCY, "currency is not a three-letter ISO 4217 code (it has "
                    + currency.length() + (currency.length() == 1 ? " character)" : " characters)"));
            return;
        }
        Currency iso = currency == null ? null : isoCurrency(currency);
        if (currency != null && iso == null) {
            divert(record, ReasonCode.INVALID_CURRENCY, "currency '" + currency + "' is not an ISO 4217 currency");
            return;
        }
        Integer quantity = e.quantity();
        if (quantity != null && (quantity < 1 || quantity > maxQuantity)) {
            divert(record, ReasonCode.QUANTITY_OUT_OF_RANGE,
                    "quantity " + quantity + " is outside 1.." + maxQuantity);
            return;
        }
        BigDecimal price = e.price();
        if (price != null && (price.signum() < 0 || price.compareTo(maxPrice) > 0)) {
            divert(record, ReasonCode.PRICE_OUT_OF_RANGE,
                    "price " + price.toPlainString() + " is outside 0.." + maxPrice.toPlainString());
            return;
        }
        price = toMinorUnits(price, iso);
        Integer rating = e.rating();
        if (rating != null && (rating < MIN_RATING || rating > MAX_RATING)) {
            divert(record, ReasonCode.RATING_OUT_OF_RANGE,
                    "rating " + rating + " is outside " + MIN_RATING + ".." + MAX_RATING);
            return;
        }
        Instant received = e.receivedAt() != null ? e.receivedAt() : Instant.ofEpochMilli(record.timestamp());
        if (e.timestamp() != null && e.timestamp().isAfter(received.plus(maxClockSkew))) {
            divert(record, ReasonCode.TIMESTAMP_IN_FUTURE, "timestamp " + e.timestamp() + " is more than "
                    + maxClockSkew + " after the receive time " + received);
            return;
        }
        if (e.timestamp() != null && e.timestamp().isBefore(received.minus(maxEventAge))) {
            divert(record, ReasonCode.TIMESTAMP_TOO_OLD, "timestamp " + e.timestamp() + " is more than "
                    + maxEventAge + " before the receive time " + received);
            return;
        }
        Instant eventTime = e.timestamp() != null ? e.timestamp() : received;
        RawEvent normalised = new RawEvent(
                e.schemaVersion(),
                e.eventId().trim(),
                e.userId().trim(),
                trimToNull(e.sessionId()),
                e.type(),
                trimToNull(e.itemId()),
                lower(trimToNull(e.category())),
                lower(trimToNull(e.brand())),
                price,
                currency,
                quantity,
                trimToNull(e.query()),
                trimToNull(e.reviewText()),
                rating,
                eventTime,
                e.receivedAt(),
                e.context(),
                e.consent());
        context.forward(record.withValue(new ParsedEvent(normalised, record.value().original())),
                ErasureGuardProcessor.NAME);
    }

    /** The ISO 4217 currency of an upper-case three-letter code, or null when there is none. */
    private static Currency isoCurrency(String code) {
        try {
            return Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The price in the currency's minor units (EUR 19.999 → 20.00, JPY 1500.5 → 1500, banker's
     * rounding), so equal prices compare and aggregate equal downstream; unchanged without a
     * currency, or for a code that defines no minor units (ISO 4217 "no currency" and the like).
     */
    static BigDecimal toMinorUnits(BigDecimal price, Currency currency) {
        if (price == null || currency == null || currency.getDefaultFractionDigits() < 0) {
            return price;
        }
        return price.setScale(currency.getDefaultFractionDigits(), RoundingMode.HALF_EVEN);
    }

    private void divert(Record<String, ParsedEvent> record, ReasonCode reason, String detail) {
        context.forward(DeadLetters.of(context, clock, record.timestamp(), reason, detail,
                record.value().event().eventId(), record.value().original()), DeadLetterPayloadProcessor.NAME);
    }

    private static String trimToNull(String s) {
        if (s == null) {
            return null;
        }
        String trimmed = s.trim();
        return trimmed.isEmpty() ? null : trimmed;
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static String upper(String s) {
        return s == null ? null : s.toUpperCase(Locale.ROOT);
    }
}
