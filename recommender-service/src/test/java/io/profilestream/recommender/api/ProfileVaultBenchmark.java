package io.profilestream.recommender.api;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.profilestream.model.bench.PerCallCost;
import io.profilestream.model.event.EventType;
import io.profilestream.model.profile.DecayedScores;
import io.profilestream.model.profile.NeuralState;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.recommender.crypto.SealedFixture;
import io.profilestream.recommender.impressions.ShownItems;
import io.profilestream.recommender.metrics.RecommenderMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Manual measurement (never run by the build: no @Test) behind the opened profiles of
 * {@link ProfileVault}: reads a random user's state, as every recommendation request does, with a
 * vault that keeps opened profiles and with one that opens every read, in the same run (rounds
 * alternate which goes first), and prints µs and bytes allocated per read and the ratios. The
 * users are shaped like the online benchmark's: a profile with 20 categories, 20 brands, recent and
 * purchased items and an LSTM state of 128 (about 3.9 KB sealed), and 60 shown items; the stores
 * are plain maps, so what is measured is the unwrap, the decryption and the parsing, not RocksDB.
 * It also prints the heap one kept profile takes (used heap after a full GC, before and after a
 * fresh vault has read every user once: approximate, but it sizes {@code ranked-cache-size}).
 *
 * <pre>
 * mvn -B -q -pl recommender-service -am test-compile -DskipTests
 * java -cp "recommender-service/target/test-classes:recommender-service/target/classes:common-model/target/test-classes:$(ls local-stack/target/lib/*.jar | tr '\n' ':')" \
 *   io.profilestream.recommender.api.ProfileVaultBenchmark [reads=100000] [rounds=4]
 * </pre>
 */
public final class ProfileVaultBenchmark {

    private static final int USERS = 2_600;
    private static final Instant T = Instant.parse("2026-01-05T08:00:00Z");

    private ProfileVaultBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int reads = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        SealedFixture sealed = new SealedFixture();
        MapStore profiles = new MapStore();
        MapStore impressions = new MapStore();
        MapStore keys = new MapStore();
        Random random = new Random(42);
        List<String> users = new ArrayList<>();
        long sealedBytes = 0;
        for (int u = 0; u < USERS; u++) {
            String user = String.format(Locale.ROOT, "%064x", u);
            users.add(user);
            keys.put(user, sealed.key(user));
            byte[] profile = sealed.seal(user, profile(user, random));
            sealedBytes += profile.length;
            profiles.put(user, profile);
            impressions.put(user, sealed.seal(user, shown(random)));
        }
        ProfileVault opening = new ProfileVault(SealedFixture.CIPHER, new RecommenderMetrics(new SimpleMeterRegistry()));
        ProfileVault keeping = new ProfileVault(SealedFixture.CIPHER, new RecommenderMetrics(new SimpleMeterRegistry()),
                10_000, Duration.ofSeconds(30));
        System.out.printf(Locale.ROOT, "%d users, sealed profile %.0f bytes on average, %d reads per measurement%n",
                USERS, (double) sealedBytes / USERS, reads);
        int[] picks = random.ints(reads, 0, USERS).toArray();
        PerCallCost.Call openingCall = i -> read(opening, users.get(picks[i]), profiles, impressions, keys);
        PerCallCost.Call keepingCall = i -> read(keeping, users.get(picks[i]), profiles, impressions, keys);
        // Warm-up of both, uncounted: JIT, and the keeping vault's first read of every user.
        PerCallCost.measure(reads, openingCall);
        PerCallCost.measure(reads, keepingCall);
        System.out.printf(Locale.ROOT, "heap per kept profile: about %.0f bytes%n", heapPerEntry(users, profiles, impressions, keys));
        for (int r = 0; r < rounds; r++) {
            double[] a;
            double[] b;
            if (r % 2 == 0) {
                a = PerCallCost.measure(reads, openingCall);
                b = PerCallCost.measure(reads, keepingCall);
            } else {
                b = PerCallCost.measure(reads, keepingCall);
                a = PerCallCost.measure(reads, openingCall);
            }
            System.out.printf(Locale.ROOT, "round %d: opening every read %.2f µs, %.0f B; keeping opened profiles %.2f µs, %.0f B;"
                    + " ratio opening/keeping %.2f× time, %.2f× bytes%n", r + 1, a[0], a[1], b[0], b[1], a[0] / b[0], a[1] / b[1]);
        }
    }

    private static double heapPerEntry(List<String> users, MapStore profiles, MapStore impressions, MapStore keys)
            throws InterruptedException {
        ProfileVault fresh = new ProfileVault(SealedFixture.CIPHER, new RecommenderMetrics(new SimpleMeterRegistry()),
                10_000, Duration.ofMinutes(10));
        long before = usedAfterGc();
        for (String user : users) {
            read(fresh, user, profiles, impressions, keys);
        }
        long after = usedAfterGc();
        if (fresh.openedProfiles() != users.size()) {
            throw new IllegalStateException("the vault kept " + fresh.openedProfiles() + " of " + users.size() + " profiles");
        }
        return (double) (after - before) / users.size();
    }

    private static long usedAfterGc() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static long read(ProfileVault vault, String user, MapStore profiles, MapStore impressions, MapStore keys) {
        UserState state = vault.user(user, profiles, impressions, keys);
        return state.profile().orElseThrow().eventCount() + state.shown().counts().size();
    }

    /** A store that only answers {@code get}, from a map: the vault reads nothing else. */
    private static final class MapStore implements ReadOnlyKeyValueStore<String, byte[]> {
        private final Map<String, byte[]> values = new HashMap<>();

        void put(String key, byte[] value) {
            values.put(key, value);
        }

        @Override
        public byte[] get(String key) {
            return values.get(key);
        }

        @Override
        public KeyValueIterator<String, byte[]> range(String from, String to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public KeyValueIterator<String, byte[]> all() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long approximateNumEntries() {
            return values.size();
        }
    }

    private static UserProfile profile(String user, Random random) {
        Map<String, Double> categories = new HashMap<>();
        Map<String, Double> brands = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            categories.put("category-" + random.nextInt(300), random.nextDouble() * 10);
            brands.put("brand-" + random.nextInt(2_000), random.nextDouble() * 10);
        }
        List<String> recent = new ArrayList<>();
        List<String> session = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            recent.add("item-" + random.nextInt(50_000));
        }
        for (int i = 0; i < 23; i++) {
            session.add("item-" + random.nextInt(50_000));
        }
        float[] h = new float[128];
        float[] c = new float[128];
        for (int i = 0; i < 128; i++) {
            h[i] = (float) random.nextGaussian() * 0.3f;
            c[i] = (float) random.nextGaussian();
        }
        return new UserProfile(user, 23, Map.of(EventType.VIEW, 20L, EventType.ADD_TO_CART, 2L, EventType.PURCHASE, 1L),
                new DecayedScores(T, categories), new DecayedScores(T, brands), null, null, 2, "session-1", recent,
                recent.subList(0, 3), T, T.plusSeconds(600),
                new NeuralState("20261202T174020Z-0d65a239", "session-1", session, session.size(), h, c), null);
    }

    private static ShownItems shown(Random random) {
        Map<String, Integer> counts = new HashMap<>();
        while (counts.size() < 60) {
            counts.put("item-" + random.nextInt(50_000), 1 + random.nextInt(3));
        }
        return new ShownItems(counts);
    }
}
