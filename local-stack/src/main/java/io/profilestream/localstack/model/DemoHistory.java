package io.profilestream.localstack.model;

import io.profilestream.generator.ClickstreamGenerator;
import io.profilestream.generator.GeneratedItem;
import io.profilestream.generator.GeneratorSettings;
import io.profilestream.generator.SyntheticCatalogue;
import io.profilestream.model.event.RawEvent;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A purchase history of the demo's own catalogue, to train the demo model on, written in the
 * trainer's interactions TSV format ({@code session_id user_id item_id time_ms type category
 * price}, one session's clicks together in time order; see the trainer's {@code import --help}).
 *
 * <p>The generator derives its catalogue from its seed, so a history drawn with another seed would
 * be about other products under the same ids. The history therefore comes from a generator with
 * {@code historySeed} (other shoppers, other sessions) and every item it picks is mapped onto the
 * demo catalogue's item of the same category and popularity rank: same products, same popularity
 * shape, different behaviour than the live traffic.
 */
public final class DemoHistory {

    /** Header of the trainer's interactions TSV (model-trainer {@code Interaction.HEADER}). */
    public static final String HEADER = "session_id\tuser_id\titem_id\ttime_ms\ttype\tcategory\tprice";

    private DemoHistory() {
    }

    /**
     * What was written.
     *
     * @param interactions rows written
     * @param sessions     sessions among them
     * @param items        distinct items
     * @param firstMs      time of the oldest row
     * @param lastMs       time of the newest row
     */
    public record Summary(long interactions, long sessions, int items, long firstMs, long lastMs) {
    }

    /**
     * Writes {@code events} generated events (searches, which name no item, are skipped) and,
     * with {@code tourCatalogue}, one extra session per 10 consecutive items of each category so
     * that every catalogue item is in the model's vocabulary.
     *
     * @param catalogueSettings the demo traffic's generator settings (they define the catalogue)
     * @param historySeed       seed of the history's shoppers, different from the traffic's
     * @param end               every row is dated before this instant
     */
    public static Summary write(Path file, GeneratorSettings catalogueSettings, long historySeed, int events,
                                boolean tourCatalogue, Instant end) throws IOException {
        SyntheticCatalogue catalogue = new SyntheticCatalogue(catalogueSettings);
        Map<String, Integer> categoryIndex = new HashMap<>();
        for (int c = 0; c < catalogue.categories().size(); c++) {
            categoryIndex.put(catalogue.categories().get(c).path(), c);
        }
        // Generated time advances well under a second per event on average; leave a wide margin.
        Instant start = end.minusSeconds(2L * events + 3600);
        ClickstreamGenerator generator = new ClickstreamGenerator(withSeed(catalogueSettings, historySeed).withStart(start),
                "history");
        Set<String> sessions = new HashSet<>();
        Set<String> items = new HashSet<>();
        long rows = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(HEADER);
            w.write('\n');
            for (int i = 0; i < events; i++) {
                RawEvent e = generator.next();
                if (e.itemId() == null) {
                    continue;
                }
                GeneratedItem theirs = generator.catalogue().all().get(Integer.parseInt(e.itemId().substring(1)) - 100000);
                List<GeneratedItem> ours = catalogue.items(categoryIndex.get(theirs.category()));
                GeneratedItem item = ours.get(Math.min(theirs.categoryRank(), ours.size() - 1));
                long t = Math.min(e.timestamp().toEpochMilli(), end.toEpochMilli() - 1);
                write(w, "h-" + e.sessionId(), e.userId(), item, t, e.type().wireName());
                sessions.add(e.sessionId());
                items.add(item.itemId());
                rows++;
                first = Math.min(first, t);
                last = Math.max(last, t);
            }
            if (tourCatalogue) {
                long t = Math.max(first == Long.MAX_VALUE ? start.toEpochMilli() : first, start.toEpochMilli()) - 3_600_000;
                for (int c = 0; c < catalogue.categories().size(); c++) {
                    List<GeneratedItem> ours = catalogue.items(c);
                    for (int i = 0; i < ours.size(); i++) {
                        String session = "tour-" + c + "-" + i / 10;
                        write(w, session, "", ours.get(i), t + i, "view");
                        sessions.add(session);
                        items.add(ours.get(i).itemId());
                        rows++;
                    }
                }
                first = Math.min(first, t);
            }
        }
        return new Summary(rows, sessions.size(), items.size(), first, last);
    }

    private static void write(BufferedWriter w, String session, String user, GeneratedItem item, long timeMs, String type)
            throws IOException {
        w.write(session + '\t' + user + '\t' + item.itemId() + '\t' + timeMs + '\t' + type + '\t' + item.category()
                + '\t' + item.price().toPlainString() + '\n');
    }

    /** The same settings with another seed. */
    public static GeneratorSettings withSeed(GeneratorSettings s, long seed) {
        return new GeneratorSettings(seed, s.users(), s.items(), s.itemZipfExponent(), s.start(), s.meanSessionGap(),
                s.meanEventGap(), s.meanSessionEvents(), s.cartRate(), s.purchaseRate(), s.removeRate(), s.searchRate(),
                s.reviewRate(), s.ratingRate(), s.currency());
    }
}
