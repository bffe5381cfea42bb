package io.profilestream.ml.lstm;

import io.profilestream.ml.ItemVocabulary;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random weights and vocabularies for tests. */
final class TestWeights {

    private TestWeights() {
    }

    static LstmWeights random(int items, int e, int h, long seed) {
        return random(items, e, h, seed, 0.5);
    }

    /** Gaussian weights of standard deviation {@code scale}. */
    static LstmWeights random(int items, int e, int h, long seed, double scale) {
        Random r = new Random(seed);
        return new LstmWeights(items, e, h, fill(r, items * e, scale), fill(r, e * 4 * h, scale), fill(r, h * 4 * h, scale),
                fill(r, 4 * h, scale), fill(r, items * h, scale), fill(r, items, scale));
    }

    static ItemVocabulary vocabulary(int items) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            ids.add("item-" + i);
        }
        return new ItemVocabulary(ids);
    }

    private static float[] fill(Random r, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextGaussian() * scale);
        }
        return a;
    }
}
