package io.profilestream.ml.hybrid;

import io.profilestream.ml.knn.ItemKnn;
import io.profilestream.ml.knn.VSkNN;

/**
 * How the ranker's signals are computed; part of the model (stored in metadata.json) because the
 * ranker learnt on exactly these signals and must be served with them.
 *
 * @param candidates length of the LSTM and V-SKNN top lists that form the candidate set
 * @param vsknn      V-SKNN settings of the vsknn_* features and candidates
 * @param itemKnn    item-kNN settings of the iknn_score feature
 */
public record HybridSettings(int candidates, VSkNN.Settings vsknn, ItemKnn.Settings itemKnn) {

    /** Rejects a missing part or a non-positive candidate count. */
    public HybridSettings {
        if (candidates < 1 || vsknn == null || itemKnn == null) {
            throw new IllegalArgumentException("hybrid settings need candidates >= 1 and V-SKNN and item-kNN settings");
        }
    }

    /** Top-100 candidates with the default kNN settings. */
    public static HybridSettings defaults() {
        return new HybridSettings(100, VSkNN.Settings.DEFAULT, ItemKnn.Settings.DEFAULT);
    }
}
