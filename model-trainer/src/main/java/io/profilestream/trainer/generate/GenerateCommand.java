package io.profilestream.trainer.generate;

import io.profilestream.generator.ClickstreamGenerator;
import io.profilestream.generator.GeneratorSettings;
import io.profilestream.model.event.EventType;
import io.profilestream.model.event.RawEvent;
import io.profilestream.model.serde.Json;
import io.profilestream.cli.Progress;
import io.profilestream.cli.ProgressOptions;
import io.profilestream.trainer.data.ImportSettings;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code generate}: the synthetic clickstream of clickstream-generator written to a file, so a
 * data scientist can train and evaluate without starting the fleet.
 */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Writes a seeded synthetic clickstream (JSON lines of shop events) to a file, without the fleet.",
        description = {"Writes --events events of ProfileStream's clickstream generator, the one the local stack's demo "
                + "sends: --users shoppers with stable category tastes and favourite brands, Zipf item popularity within "
                + "20 categories, sessions with searches and a view -> cart -> purchase funnel (with removals, reviews and "
                + "ratings). Equal options write the same file, byte for byte; the same --seed and --items as "
                + "'profilestream-local run' give the same catalogue (item ids, categories, prices) as its demo.",
                "One JSON object per line, in the shape POST /v1/events takes (eventId, userId, sessionId, type, itemId, "
                + "category, brand, price, currency, quantity, query, reviewText, rating, timestamp). "
                + "Import it with: import --preset profilestream -i FILE -o interactions.tsv (searches name no item "
                + "and are skipped there)."})
public final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output", "--out"}, required = true, paramLabel = "FILE",
            description = "JSON-lines file to write (parent directories are created), or - for stdout.")
    String output;

    @Option(names = "--events", defaultValue = "100000", paramLabel = "N", description = "Events to write (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--users", defaultValue = "1000", paramLabel = "N", description = "Synthetic shoppers (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--items", defaultValue = "2000", paramLabel = "N", description = "Catalogue size, at least 20 (default: ${DEFAULT-VALUE}).")
    int items;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--start", defaultValue = "2026-01-05T08:00:00Z", paramLabel = "INSTANT",
            description = "Time of the first session, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Instant start;

    @Option(names = "--days", defaultValue = "14", paramLabel = "D",
            description = "The sessions start spread over about D days, so split --test-days has days to split "
                    + "(default: ${DEFAULT-VALUE}).")
    double days;

    @Mixin
    ProgressOptions progress;

    @Override
    public Integer call() throws Exception {
        if (events < 1) {
            throw new ParameterException(spec.commandLine(), "--events must be at least 1, got " + events);
        }
        if (!(days > 0)) {
            throw new ParameterException(spec.commandLine(), "--days must be positive, got " + days);
        }
        GeneratorSettings settings;
        try {
            settings = spread(GeneratorSettings.defaults(seed, users, items).withStart(start), events, days);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--users/--items: " + e.getMessage());
        }
        // Event ids name the seed, so two files generated with different seeds can be sent to one fleet.
        ClickstreamGenerator generator = new ClickstreamGenerator(settings, "gen-" + seed);
        Summary summary;
        if ("-".equals(output)) {
            Writer out = spec.commandLine().getOut();
            summary = write(generator, out, Progress.OFF);
            out.flush();
        } else {
            Path file = Path.of(output).toAbsolutePath();
            Files.createDirectories(file.getParent());
            // Written beside the target and moved into place: a failed run leaves no half file behind.
            Path partial = file.resolveSibling("." + file.getFileName() + ".partial");
            try (BufferedWriter w = Files.newBufferedWriter(partial, StandardCharsets.UTF_8);
                 Progress bar = progress.bar("generate", events, " events")) {
                summary = write(generator, w, bar);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(partial);
                throw e;
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        spec.commandLine().getErr().printf("%d events (%s), %d sessions, %d users, %d items -> %s%n", events,
                summary.typeCounts(), summary.sessions().size(), summary.users().size(), summary.items().size(),
                "-".equals(output) ? "stdout" : output);
        if (!"-".equals(output)) {
            spec.commandLine().getErr().printf("import it with: profilestream-trainer import --preset %s -i %s -o interactions.tsv%n",
                    ImportSettings.PROFILESTREAM, output);
        }
        return 0;
    }

    /**
     * {@code settings} with the mean gap between session starts that spreads the sessions of
     * {@code events} events over {@code days}. Timestamps do not steer the generator's random
     * choices, so a pass with the default gap counts the sessions that the real pass produces.
     */
    static GeneratorSettings spread(GeneratorSettings settings, long events, double days) {
        ClickstreamGenerator counter = new ClickstreamGenerator(settings, "count");
        Set<String> sessions = new HashSet<>();
        for (long i = 0; i < events; i++) {
            sessions.add(counter.next().sessionId());
        }
        Duration gap = Duration.ofMillis(Math.max(1, Math.round(days * 86_400_000d / sessions.size())));
        return new GeneratorSettings(settings.seed(), settings.users(), settings.items(), settings.itemZipfExponent(),
                settings.start(), gap, settings.meanEventGap(), settings.meanSessionEvents(), settings.cartRate(),
                settings.purchaseRate(), settings.removeRate(), settings.searchRate(), settings.reviewRate(),
                settings.ratingRate(), settings.currency());
    }

    private Summary write(ClickstreamGenerator generator, Writer w, Progress bar) throws IOException {
        Summary s = new Summary(new EnumMap<>(EventType.class), new HashSet<>(), new HashSet<>(), new HashSet<>());
        for (long i = 0; i < events; i++) {
            RawEvent e = generator.next();
            w.write(Json.mapper().writeValueAsString(e));
            w.write('\n');
            s.add(e);
            if ((i & 1023) == 1023) {
                bar.stepTo(i + 1);
            }
        }
        bar.stepTo(events);
        return s;
    }

    /** What was written, for the summary line. */
    private record Summary(Map<EventType, Long> types, Set<String> sessions, Set<String> users, Set<String> items) {

        void add(RawEvent e) {
            types.merge(e.type(), 1L, Long::sum);
            sessions.add(e.sessionId());
            users.add(e.userId());
            if (e.itemId() != null) {
                items.add(e.itemId());
            }
        }

        String typeCounts() {
            StringJoiner j = new StringJoiner(", ");
            types.forEach((type, n) -> j.add(String.format(Locale.ROOT, "%d %s", n, type.wireName())));
            return j.toString();
        }
    }
}
