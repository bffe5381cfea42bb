package io.profilestream.model.serde;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.profilestream.model.bench.PerCallCost;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Manual measurement (never run by the build: no @Test) behind {@link Json.KeyedByIds}: parses two
 * kinds of document with {@link Json#mapper()} (canonicalizing field names, Jackson's default) and
 * with the mapper of types marked {@link Json.KeyedByIds} (not canonicalizing), in the same run,
 * and prints µs and bytes allocated per parse and the ratios canonicalizing / not.
 * <ul>
 *   <li>{@code shown}: 60 item ids → times shown, ids drawn from 50,000 (the recommender's shown
 *       items, parsed on every request and every impression);</li>
 *   <li>{@code profile}: a profile-shaped record of fixed field names with 8 category keys
 *       drawn from 300 and two 684-character base64 strings (the LSTM state).</li>
 * </ul>
 *
 * <pre>
 * mvn -B -q -pl common-model test-compile
 * java -cp "common-model/target/test-classes:common-model/target/classes:$(ls local-stack/target/lib/*.jar | tr '\n' ':')" \
 *   io.profilestream.model.serde.JsonFieldNamesBenchmark [parses=60000] [rounds=4]
 * </pre>
 */
public final class JsonFieldNamesBenchmark {

    /** The shape of the recommender's shown items. */
    @Json.KeyedByIds
    public record Shown(Map<String, Integer> counts) {
    }

    /** A price band inside {@link Profile}. */
    public record Band(double low, double high, long count) {
    }

    /** Field names and sizes like a profile's (not the real class: this module must not need a whole profile). */
    public record Profile(String userKey, long eventCount, Map<String, Long> counts, Map<String, Double> categoryAffinity,
                          Band priceBand, long sessionCount, String lastSessionKey, List<String> recentItems,
                          List<String> purchasedItems, String firstEventTime, String h, String c) {
    }

    private JsonFieldNamesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int parses = args.length > 0 ? Integer.parseInt(args[0]) : 60_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        Random random = new Random(42);
        List<byte[]> shown = new ArrayList<>();
        List<byte[]> profiles = new ArrayList<>();
        for (int d = 0; d < 3_000; d++) {
            shown.add(shownDocument(random));
            profiles.add(profileDocument(random, d));
        }
        ObjectMapper canonicalizing = Json.mapper();
        ObjectMapper idKeyed = Json.mapperFor(Shown.class);
        for (int round = 1; round <= rounds; round++) {
            for (String kind : List.of("shown", "profile")) {
                List<byte[]> docs = kind.equals("shown") ? shown : profiles;
                Class<?> type = kind.equals("shown") ? Shown.class : Profile.class;
                double[] base = measure(canonicalizing, docs, type, parses);
                double[] shipped = measure(idKeyed, docs, type, parses);
                System.out.printf(Locale.ROOT, "round %d %-7s canonicalizing %7.2f µs %8.0f B | not %7.2f µs %8.0f B"
                                + " | ratio %5.2f× time, %6.2f× bytes%n", round, kind, base[0], base[1], shipped[0], shipped[1],
                        base[0] / shipped[0], base[1] / shipped[1]);
            }
        }
    }

    private static double[] measure(ObjectMapper mapper, List<byte[]> docs, Class<?> type, int parses) throws Exception {
        return PerCallCost.measure(parses, i -> mapper.readValue(docs.get(i % docs.size()), type).hashCode());
    }

    private static byte[] shownDocument(Random random) {
        StringBuilder json = new StringBuilder("{\"counts\":{");
        for (int i = 0; i < 60; i++) {
            json.append(i > 0 ? "," : "").append("\"item-").append(random.nextInt(50_000)).append("\":").append(1 + random.nextInt(3));
        }
        return json.append("}}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] profileDocument(Random random, int user) {
        StringBuilder json = new StringBuilder("{\"userKey\":\"u").append(user)
                .append("\",\"eventCount\":42,\"counts\":{\"VIEW\":30,\"CART\":5,\"PURCHASE\":2},\"categoryAffinity\":{");
        for (int i = 0; i < 8; i++) {
            json.append(i > 0 ? "," : "").append("\"cat/sub").append(random.nextInt(300)).append("\":").append(random.nextDouble());
        }
        json.append("},\"priceBand\":{\"low\":1.5,\"high\":99.0,\"count\":12},\"sessionCount\":3,\"lastSessionKey\":\"s-1\","
                + "\"recentItems\":[");
        for (int i = 0; i < 20; i++) {
            json.append(i > 0 ? "," : "").append("\"item-").append(random.nextInt(50_000)).append('"');
        }
        return json.append("],\"purchasedItems\":[\"item-1\"],\"firstEventTime\":\"2026-01-01T00:00:00Z\",\"h\":\"")
                .append("A".repeat(684)).append("\",\"c\":\"").append("B".repeat(684)).append("\"}")
                .toString().getBytes(StandardCharsets.UTF_8);
    }
}
