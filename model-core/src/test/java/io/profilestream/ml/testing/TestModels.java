package io.profilestream.ml.testing;

import io.profilestream.ml.ItemStats;
import io.profilestream.ml.ItemVocabulary;
import io.profilestream.ml.artifact.ModelArtifact;
import io.profilestream.ml.hybrid.HybridFeatures;
import io.profilestream.ml.hybrid.HybridSettings;
import io.profilestream.ml.hybrid.PrefixSignals;
import io.profilestream.ml.hybrid.Signals;
import io.profilestream.ml.knn.ItemKnn;
import io.profilestream.ml.knn.TrainingSessions;
import io.profilestream.ml.knn.VSkNN;
import io.profilestream.ml.lstm.LstmNextItemModel;
import io.profilestream.ml.lstm.RepeatHead;
import io.profilestream.ml.lstm.LstmWeights;
import io.profilestream.ml.ranker.MlpConfig;
import io.profilestream.ml.ranker.MlpRanker;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Real model artifacts for other modules' tests (shipped in model-core's test-jar): deterministic
 * random LSTM weights over items {@code item-0 .. item-(n-1)}, exported with {@link ModelArtifact#export}
 * exactly as the trainer exports, so loading, validation and the DL4J reference network are the
 * production code paths.
 */
public final class TestModels {

    /** Candidate top-N of {@link #exportHybrid} models. */
    public static final int HYBRID_CANDIDATES = 10;

    private TestModels() {
    }

    /** Item ids {@code item-0 .. item-(items-1)}. */
    public static ItemVocabulary vocabulary(int items) {
        List<String> ids = new ArrayList<>(items);
        for (int i = 0; i < items; i++) {
            ids.add("item-" + i);
        }
        return new ItemVocabulary(ids);
    }

    /** Gaussian(0, 0.5) weights from {@code seed}. */
    public static LstmWeights randomWeights(int items, int embedding, int hidden, long seed) {
        Random r = new Random(seed);
        return new LstmWeights(items, embedding, hidden, fill(r, items * embedding), fill(r, embedding * 4 * hidden),
                fill(r, hidden * 4 * hidden), fill(r, 4 * hidden), fill(r, items * hidden), fill(r, items));
    }

    /** Exports an LSTM-only artifact {@code modelsDir/version} (no clicks, no categories) and returns its directory. */
    public static Path exportRandom(Path modelsDir, String version, int items, int embedding, int hidden, long seed)
            throws IOException {
        return exportRandom(modelsDir, version, items, embedding, hidden, seed, RepeatHead.none());
    }

    /** As {@link #exportRandom(Path, String, int, int, int, long)} with a repeat head on the LSTM. */
    public static Path exportRandom(Path modelsDir, String version, int items, int embedding, int hidden, long seed,
                                    RepeatHead head) throws IOException {
        LstmNextItemModel lstm = new LstmNextItemModel(vocabulary(items), randomWeights(items, embedding, hidden, seed),
                head);
        return ModelArtifact.export(modelsDir, new ModelArtifact.Export(version, "test-" + seed, lstm, null, null, null,
                List.of(), null, ItemStats.empty(items), null, Map.of()));
    }

    /**
     * Deterministic training sessions over {@code items} items: {@code sessions} sessions of 3 to 6
     * clicks, each click mostly followed by one of the next three items (mod items), so the kNN
     * signals find neighbours.
     */
    public static TrainingSessions patternSessions(int items, int sessions, long seed) {
        Random r = new Random(seed);
        int[][] out = new int[sessions][];
        for (int s = 0; s < sessions; s++) {
            int[] clicks = new int[3 + r.nextInt(4)];
            clicks[0] = r.nextInt(items);
            for (int p = 1; p < clicks.length; p++) {
                clicks[p] = (clicks[p - 1] + 1 + r.nextInt(3)) % items;
            }
            out[s] = clicks;
        }
        return TrainingSessions.ordered(items, out);
    }

    /** Clicks counted in {@code sessions}; category {@code cat-(i mod 4)}, none for every 7th item. */
    public static ItemStats patternStats(TrainingSessions sessions) {
        int[] clicks = new int[sessions.itemCount()];
        String[] categories = new String[sessions.itemCount()];
        for (int s = 0; s < sessions.size(); s++) {
            for (int item : sessions.session(s)) {
                clicks[item]++;
            }
        }
        for (int i = 0; i < categories.length; i++) {
            categories[i] = i % 7 == 6 ? "" : "cat-" + (i % 4);
        }
        return new ItemStats(clicks, categories);
    }

    /**
     * Exports a model WITH the LSTM+MLP ranker (path {@code lstm+mlp} when served): random LSTM
     * weights with a {@link #repeatHead}, {@link #patternSessions} (300 sessions) as training sessions, {@link #patternStats},
     * top-{@value #HYBRID_CANDIDATES} candidates and an MLP (8 → 4) trained for two epochs on the
     * features of the last 60 sessions' positions, all from {@code seed}. Takes a second or two.
     */
    public static Path exportHybrid(Path modelsDir, String version, int items, int embedding, int hidden, long seed)
            throws IOException {
        LstmNextItemModel lstm = new LstmNextItemModel(vocabulary(items), randomWeights(items, embedding, hidden, seed),
                repeatHead());
        return exportHybrid(modelsDir, version, lstm, patternSessions(items, 300, seed), seed);
    }

    /**
     * As {@link #exportHybrid(Path, String, int, int, int, long)} with a given LSTM and training
     * sessions (e.g. a large synthetic catalogue for a latency benchmark).
     */
    public static Path exportHybrid(Path modelsDir, String version, LstmNextItemModel lstm, TrainingSessions sessions,
                                    long seed) throws IOException {
        ItemStats stats = patternStats(sessions);
        HybridSettings settings = new HybridSettings(HYBRID_CANDIDATES, new VSkNN.Settings(20, 100),
                new ItemKnn.Settings(20, 20));
        HybridFeatures features = new HybridFeatures(HybridFeatures.names(true));
        Signals signals = new Signals(lstm, stats, sessions, settings);
        List<float[]> vectors = new ArrayList<>();
        List<Float> labels = new ArrayList<>();
        for (int s = sessions.size() - 60; s < sessions.size(); s++) {
            int[] session = sessions.session(s);
            for (int i = 1; i < session.length; i++) {
                PrefixSignals p = signals.compute(session, i);
                int[] candidates = p.candidates();
                for (int c = 0; c < candidates.length && c < 6; c++) {
                    vectors.add(features.vector(p, candidates[c], stats.logPopularity(), stats.categories(), HYBRID_CANDIDATES));
                    labels.add(candidates[c] == session[i] ? 1f : 0f);
                }
                if (PrefixSignals.indexOf(candidates, session[i]) >= 6) {
                    vectors.add(features.vector(p, session[i], stats.logPopularity(), stats.categories(), HYBRID_CANDIDATES));
                    labels.add(1f);
                }
            }
        }
        MlpRanker ranker = MlpRanker.train(vectors, labels, new MlpConfig(8, 4, 2, 64, 0.01), seed);
        return ModelArtifact.export(modelsDir, new ModelArtifact.Export(version, "test-" + seed, lstm, null, ranker,
                new MlpConfig(8, 4, 2, 64, 0.01), features.names(), settings, stats, sessions, Map.of()));
    }

    /**
     * A repeat head that scales the network by 0.8 and favours the last clicks (2, 1.5, 1.25, ... 0.25
     * by distance): large enough to reorder an LSTM's top items, so tests of online/offline parity
     * cover it.
     */
    public static RepeatHead repeatHead() {
        return new RepeatHead(0.8f, new float[]{2f, 1.5f, 1.25f, 1f, 0.75f, 0.5f, 0.375f, 0.25f});
    }

    private static float[] fill(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextGaussian() * 0.5);
        }
        return a;
    }
}
