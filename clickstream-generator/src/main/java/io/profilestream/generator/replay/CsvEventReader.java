package io.profilestream.generator.replay;

import io.profilestream.model.event.EventType;
import io.profilestream.model.event.RawEvent;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Turns a clickstream CSV/TSV file into shop events through a {@link ColumnMapping}, row by row,
 * so files larger than memory can be replayed. A row that cannot become an event is reported
 * with its line number and reason, never skipped silently.
 */
public final class CsvEventReader implements Iterator<ReplayRow>, AutoCloseable {

    /** Source event-type names of the public samples mapped onto ours; unknown names are rejected. */
    static final Map<String, EventType> TYPE_NAMES = Map.ofEntries(
            Map.entry("view", EventType.VIEW), Map.entry("pv", EventType.VIEW), Map.entry("click", EventType.VIEW),
            Map.entry("cart", EventType.ADD_TO_CART), Map.entry("add_to_cart", EventType.ADD_TO_CART),
            Map.entry("addtocart", EventType.ADD_TO_CART), Map.entry("fav", EventType.ADD_TO_CART),
            Map.entry("remove_from_cart", EventType.REMOVE_FROM_CART),
            Map.entry("purchase", EventType.PURCHASE), Map.entry("buy", EventType.PURCHASE),
            Map.entry("transaction", EventType.PURCHASE), Map.entry("search", EventType.SEARCH),
            Map.entry("review", EventType.REVIEW), Map.entry("rating", EventType.RATING));

    private static final DateTimeFormatter SPACE_SEPARATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final ColumnMapping mapping;
    private final String eventIdPrefix;
    private final String defaultCurrency;

    /**
     * @param source          the file's text
     * @param delimiter       field separator (',', ';', '\t')
     * @param mapping         which column feeds which field
     * @param eventIdPrefix   event ids are this prefix + line number, so a replay is idempotent
     * @param defaultCurrency currency of prices when no column gives one
     */
    public CsvEventReader(Reader source, char delimiter, ColumnMapping mapping, String eventIdPrefix,
                          String defaultCurrency) throws IOException {
        CSVFormat.Builder format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setTrim(true)
                .setIgnoreEmptyLines(true);
        if (!mapping.byIndex()) {
            format.setHeader().setSkipHeaderRecord(true);
        }
        this.parser = CSVParser.builder().setReader(source).setFormat(format.get()).get();
        this.records = parser.iterator();
        this.mapping = mapping;
        this.eventIdPrefix = eventIdPrefix;
        this.defaultCurrency = defaultCurrency;
        if (!mapping.byIndex()) {
            for (String column : mapping.columns().values()) {
                if (!parser.getHeaderMap().containsKey(column)) {
                    throw new IllegalArgumentException("column '" + column + "' is not in the header " + parser.getHeaderNames());
                }
            }
        }
    }

    @Override
    public boolean hasNext() {
        return records.hasNext();
    }

    @Override
    public ReplayRow next() {
        CSVRecord record = records.next();
        long line = record.getRecordNumber() + (mapping.byIndex() ? 0 : 1);
        try {
            return new ReplayRow(line, toEvent(record, line), null);
        } catch (RowException e) {
            return new ReplayRow(line, null, e.getMessage());
        }
    }

    private RawEvent toEvent(CSVRecord record, long line) {
        String item = require(record, "item");
        Instant time = parseTime(require(record, "time"));
        String user = value(record, "user").filter(u -> !u.equalsIgnoreCase("NA")).orElse(null);
        String session = value(record, "session").orElse(null);
        if (user == null) {
            if (session == null) {
                throw new RowException("neither user nor session is set");
            }
            user = "session-" + session;
        }
        EventType type = value(record, "type").map(CsvEventReader::parseType).orElse(EventType.VIEW);
        BigDecimal price = value(record, "price").map(CsvEventReader::parsePrice).orElse(null);
        String currency = price == null ? null : value(record, "currency").orElse(defaultCurrency);
        return new RawEvent(RawEvent.CURRENT_SCHEMA_VERSION, eventIdPrefix + "-" + line, user, session, type, item,
                value(record, "category").orElse(null), value(record, "brand").orElse(null), price, currency,
                type == EventType.PURCHASE || type == EventType.ADD_TO_CART ? 1 : null,
                null, null, null, time, null, null);
    }

    private Optional<String> value(CSVRecord record, String field) {
        String column = mapping.columns().get(field);
        if (column == null) {
            return Optional.empty();
        }
        String v;
        if (mapping.byIndex()) {
            int index = Integer.parseInt(column);
            if (index >= record.size()) {
                throw new RowException("has " + record.size() + " columns, " + field + " is column " + index);
            }
            v = record.get(index);
        } else {
            if (!record.isSet(column)) {
                throw new RowException("has " + record.size() + " columns, column '" + column + "' is missing");
            }
            v = record.get(column);
        }
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    private String require(CSVRecord record, String field) {
        return value(record, field).orElseThrow(() -> new RowException(field + " is empty"));
    }

    static EventType parseType(String raw) {
        EventType type = TYPE_NAMES.get(raw.toLowerCase(Locale.ROOT));
        if (type == null) {
            throw new RowException("unknown event type '" + raw + "'");
        }
        return type;
    }

    static BigDecimal parsePrice(String raw) {
        try {
            BigDecimal price = new BigDecimal(raw);
            if (price.signum() < 0) {
                throw new RowException("price " + raw + " is negative");
            }
            return price;
        } catch (NumberFormatException e) {
            throw new RowException("price '" + raw + "' is not a number");
        }
    }

    /** ISO instants, "yyyy-MM-dd HH:mm:ss[ UTC]", dates, epoch seconds or epoch milliseconds. */
    static Instant parseTime(String raw) {
        try {
            if (raw.chars().allMatch(Character::isDigit)) {
                long n = Long.parseLong(raw);
                // Below 1e11 a number is seconds (that many ms would be March 1973).
                return n < 100_000_000_000L ? Instant.ofEpochSecond(n) : Instant.ofEpochMilli(n);
            }
            String s = raw.endsWith(" UTC") ? raw.substring(0, raw.length() - 4) : raw;
            if (s.length() == 10) {
                return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            if (s.length() == 19 && s.charAt(10) == ' ') {
                return LocalDateTime.parse(s, SPACE_SEPARATED).toInstant(ZoneOffset.UTC);
            }
            return Instant.parse(s);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new RowException("time '" + raw + "' is not an ISO instant, date-time, date or epoch number");
        }
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    /** A row that cannot become an event; the message is the reason reported. */
    static final class RowException extends RuntimeException {
        RowException(String message) {
            super(message, null, false, false);
        }
    }
}
