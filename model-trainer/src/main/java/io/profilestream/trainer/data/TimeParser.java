package io.profilestream.trainer.data;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Source timestamps to epoch milliseconds. Accepts the formats of the replay reader in
 * clickstream-generator (ISO instants, {@code yyyy-MM-dd HH:mm:ss[ UTC]}, dates, epoch seconds or
 * milliseconds) plus the fractional epoch seconds GRU4Rec's preprocessed files use
 * ({@code 1396839069.277}). That reader's parser is package-private, hence this small twin.
 */
public final class TimeParser {

    /** Below this a whole number is epoch seconds (that many milliseconds would be March 1973). */
    private static final long SECONDS_LIMIT = 100_000_000_000L;
    private static final DateTimeFormatter SPACE_SEPARATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private TimeParser() {
    }

    /** @throws RowRejectedException naming the value when it is not a supported time */
    public static long toEpochMillis(String raw) {
        try {
            if (!raw.isEmpty() && raw.chars().allMatch(Character::isDigit)) {
                long n = Long.parseLong(raw);
                return n < SECONDS_LIMIT ? n * 1000 : n;
            }
            if (raw.matches("\\d+\\.\\d+")) {
                return new BigDecimal(raw).movePointRight(3).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
            }
            String s = raw.endsWith(" UTC") ? raw.substring(0, raw.length() - 4) : raw;
            if (s.length() == 10) {
                return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
            }
            if (s.length() == 19 && s.charAt(10) == ' ') {
                return LocalDateTime.parse(s, SPACE_SEPARATED).toInstant(ZoneOffset.UTC).toEpochMilli();
            }
            return Instant.parse(s).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw new RowRejectedException("time '" + raw + "' is not an ISO instant, date-time, date or epoch number");
        }
    }
}
