package io.profilestream.ml.testing;

import io.profilestream.ml.ItemVocabulary;
import io.profilestream.ml.artifact.ModelArtifact;
import io.profilestream.ml.lstm.LstmNextItemModel;
import io.profilestream.ml.lstm.LstmWeights;

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

    /** Exports an LSTM-only artifact {@code modelsDir/version} and returns its directory. */
    public static Path exportRandom(Path modelsDir, String version, int items, int embedding, int hidden, long seed)
            throws IOException {
        LstmNextItemModel lstm = new LstmNextItemModel(vocabulary(items), randomWeights(items, embedding, hidden, seed));
        return ModelArtifact.export(modelsDir, new ModelArtifact.Export(version, "test-" + seed, lstm, null, null, null,
                List.of(), Map.of()));
    }

    private static float[] fill(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextGaussian() * 0.5);
        }
        return a;
    }
}
