package io.profilestream.trainer.data;

import io.profilestream.generator.replay.ColumnMapping;
import java.time.Duration;
import java.util.Map;

/**
 * How to read one source file.
 *
 * @param format     CSV-like or JSON lines
 * @param delimiter  field separator for CSV
 * @param header     whether the first CSV line names the columns
 * @param mapping    which column feeds which field
 * @param sessionGap inactivity that starts a new session when sessions are derived from users
 */
public record ImportSettings(SourceFormat format, char delimiter, boolean header, FieldMapping mapping,
                             Duration sessionGap) {

    /**
     * Name of the preset for our own event JSON (the body of {@code POST /v1/events}, one event per
     * line), which the trainer's {@code generate} writes.
     */
    public static final String PROFILESTREAM = "profilestream";

    /** Default inactivity gap between two sessions of one user. */
    public static final Duration DEFAULT_GAP = Duration.ofMinutes(30);

    /**
     * Settings for the public samples and GRU4Rec's preprocessed TSV, by name. Taobao's mapping is
     * the replay preset of clickstream-generator; REES46 uses category_id (category_code is often
     * empty) and Diginetica adds its timeframe column so clicks within a day are ordered.
     */
    public static final Map<String, ImportSettings> PRESETS = Map.of(
            "rees46", new ImportSettings(SourceFormat.CSV, ',', true, FieldMapping.parse(
                    "session=user_session,user=user_id,item=product_id,time=event_time,type=event_type,"
                            + "category=category_id,price=price"), DEFAULT_GAP),
            "taobao", new ImportSettings(SourceFormat.CSV, ',', false,
                    FieldMapping.parse(ColumnMapping.PRESETS.get("taobao")), DEFAULT_GAP),
            "diginetica", new ImportSettings(SourceFormat.CSV, ';', true, FieldMapping.parse(
                    "session=session_id,user=user_id,item=item_id,time=eventdate,timeoffset=timeframe"), DEFAULT_GAP),
            "gru4rec", new ImportSettings(SourceFormat.CSV, '\t', true,
                    FieldMapping.parse("session=SessionId,item=ItemId,time=Time"), DEFAULT_GAP),
            PROFILESTREAM, new ImportSettings(SourceFormat.JSONL, ',', true, FieldMapping.parse(
                    "session=sessionId,user=userId,item=itemId,time=timestamp,type=type,category=category,price=price"),
                    DEFAULT_GAP));

    public ImportSettings {
        if (format == SourceFormat.CSV && !header && !mapping.byIndex()) {
            throw new IllegalArgumentException("without a header line columns must be 0-based indexes, got " + mapping.columns());
        }
        if (sessionGap.isNegative() || sessionGap.isZero()) {
            throw new IllegalArgumentException("the session gap must be positive, got " + sessionGap);
        }
    }

    /** Parses {@code tab}, {@code comma}, {@code semicolon} or a single character. */
    public static char parseDelimiter(String s) {
        return switch (s) {
            case "tab", "\\t", "\t" -> '\t';
            case "comma" -> ',';
            case "semicolon" -> ';';
            case "pipe" -> '|';
            default -> {
                if (s.length() != 1) {
                    throw new IllegalArgumentException("delimiter must be tab, comma, semicolon, pipe or one character, got '" + s + "'");
                }
                yield s.charAt(0);
            }
        };
    }

    /** Parses {@code 30m}, {@code 1h}, {@code 90s}, {@code 2d} or an ISO-8601 duration. */
    public static Duration parseDuration(String s) {
        try {
            if (s.matches("\\d+[smhd]")) {
                long n = Long.parseLong(s.substring(0, s.length() - 1));
                return switch (s.charAt(s.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            return Duration.parse(s);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("duration must look like 30m, 1h, 90s, 2d or PT30M, got '" + s + "'");
        }
    }
}
