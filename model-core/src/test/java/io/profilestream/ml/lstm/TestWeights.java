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
        Random r = new Random(seed);
        return new LstmWeights(items, e, h, fill(r, items * e), fill(r, e * 4 * h), fill(r, h * 4 * h),
                fill(r, 4 * h), fill(r, items * h), fill(r, items));
    }

    static ItemVocabulary vocabulary(int items) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            ids.add("item-" + i);
        }
        return new ItemVocabulary(ids);
    }

    private static float[] fill(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextGaussian() * 0.5);
        }
        return a;
    }
}
