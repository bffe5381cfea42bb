package io.profilestream.trainer.data;

import io.profilestream.cli.Progress;
import io.profilestream.cli.ProgressOptions;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code import}: any clickstream file → the normalised interactions TSV. */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Reads a CSV/TSV/JSON-lines clickstream into the normalised interactions TSV.",
        description = {"Reads a clickstream file into the interactions TSV the other commands read (session_id, user_id, "
                + "item_id, time_ms, type, category, price), sorted by session then time.",
                "Malformed rows are rejected with line number and reason (summary on stderr, all of them with --rejects); "
                + "searches that name no item are skipped and counted."})
public final class ImportCommand implements Callable<Integer> {

    /** Files above this size get a progress bar. */
    private static final long PROGRESS_THRESHOLD_BYTES = 1 << 20;

    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE", description = "Source file.")
    Path input;

    @Option(names = {"-o", "--output", "--out"}, required = true, paramLabel = "FILE", description = "Interactions TSV to write.")
    Path output;

    @Option(names = "--preset", paramLabel = "NAME",
            description = "Format, delimiter, header and columns of a known dataset: rees46, taobao, diginetica, gru4rec, "
                    + "or profilestream (JSON lines of shop events as POST /v1/events takes them, e.g. from generate). "
                    + "Other options given explicitly override the preset.")
    String preset;

    @Option(names = "--columns", paramLabel = "MAPPING",
            description = "field=column,... Fields: session, user, item, time, timeoffset (ms added to time), type, "
                    + "category, price. item and time are required; session, or user to derive sessions by gap. "
                    + "Columns are header names, JSON field names or 0-based indexes (--no-header).")
    String columns;

    @Option(names = "--format", paramLabel = "csv|jsonl", description = "Default: jsonl for *.json/*.jsonl, else csv.")
    String format;

    @Option(names = "--delimiter", paramLabel = "SEP", description = "tab, comma, semicolon, pipe or one character (default: comma).")
    String delimiter;

    @Option(names = "--no-header", description = "The CSV has no header line (columns are then 0-based indexes).")
    Boolean noHeader;

    @Option(names = "--session-gap", paramLabel = "DURATION", defaultValue = "30m",
            description = "Inactivity that starts a new session when sessions are derived from users (default: ${DEFAULT-VALUE}).")
    String sessionGap;

    @Option(names = "--rejects", paramLabel = "FILE", description = "Write rejected rows here: line<TAB>reason<TAB>raw.")
    Path rejects;

    @Mixin
    ProgressOptions progress;

    @Override
    public Integer call() throws Exception {
        ImportSettings settings = settings();
        InteractionImporter.Result result;
        long size = Files.size(input);
        try (InputStream in = Files.newInputStream(input)) {
            InputStream source = Progress.wrap(in, "import " + input.getFileName(), size,
                    progress.enabled() && size > PROGRESS_THRESHOLD_BYTES);
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(source, StandardCharsets.UTF_8), 1 << 16)) {
                result = InteractionImporter.read(reader, settings);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), input + ": " + e.getMessage());
            }
        }
        InteractionFile.write(output, result.interactions());
        if (rejects != null) {
            try (BufferedWriter w = Files.newBufferedWriter(rejects, StandardCharsets.UTF_8)) {
                for (Rejection r : result.rejections()) {
                    w.write(r.toTsv());
                    w.write('\n');
                }
            }
        }
        long sessions = result.interactions().stream().map(Interaction::sessionId).distinct().count();
        long items = result.interactions().stream().map(Interaction::itemId).distinct().count();
        var err = spec.commandLine().getErr();
        err.printf("%s: %d rows, %d imported, %d rejected%s; %d sessions, %d items -> %s%n", input, result.rows(),
                result.interactions().size(), result.rejections().size(),
                result.skippedSearches() == 0 ? "" : ", " + result.skippedSearches() + " searches without item skipped",
                sessions, items, output);
        if (!result.rejections().isEmpty()) {
            result.rejections().stream().limit(5).forEach(r -> err.printf("  line %d: %s%n", r.line(), r.reason()));
            if (result.rejections().size() > 5) {
                err.printf("  ... %d more%s%n", result.rejections().size() - 5,
                        rejects == null ? " (write them all with --rejects FILE)" : " in " + rejects);
            }
        }
        return 0;
    }

    private static SourceFormat parseFormat(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "csv", "tsv" -> SourceFormat.CSV;
            case "jsonl", "json" -> SourceFormat.JSONL;
            default -> throw new IllegalArgumentException("format must be csv or jsonl, got '" + s + "'");
        };
    }

    /** Options over preset over defaults. */
    ImportSettings settings() {
        try {
            ImportSettings base = null;
            if (preset != null) {
                base = ImportSettings.PRESETS.get(preset.toLowerCase(Locale.ROOT));
                if (base == null) {
                    throw new IllegalArgumentException("unknown preset '" + preset + "'; known: "
                            + new java.util.TreeSet<>(ImportSettings.PRESETS.keySet()));
                }
            }
            if (base == null && columns == null) {
                throw new IllegalArgumentException("give --columns or --preset");
            }
            SourceFormat f = format != null ? parseFormat(format)
                    : base != null ? base.format()
                    : input.getFileName().toString().matches(".*\\.jsonl?$") ? SourceFormat.JSONL : SourceFormat.CSV;
            char d = delimiter != null ? ImportSettings.parseDelimiter(delimiter) : base != null ? base.delimiter() : ',';
            boolean header = noHeader != null ? !noHeader : base == null || base.header();
            FieldMapping mapping = columns != null ? FieldMapping.parse(columns) : base.mapping();
            return new ImportSettings(f, d, header, mapping, ImportSettings.parseDuration(sessionGap));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
