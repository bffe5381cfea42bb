package io.profilestream.ml.artifact;

import io.profilestream.ml.hybrid.HybridSettings;
import io.profilestream.ml.lstm.LstmTrainingConfig;
import io.profilestream.ml.ranker.MlpConfig;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code metadata.json} of a model directory.
 *
 * @param formatVersion         layout version of the directory ({@link ModelArtifact#FORMAT_VERSION})
 * @param modelVersion          the caller's version label, also the directory name
 * @param createdAt             export time
 * @param trainingDataHash      hash of the training data, given by the caller
 * @param vocabularySize        number of items
 * @param vocabularyFingerprint {@code ItemVocabulary.fingerprint()} of vocabulary.txt
 * @param embeddingSize         LSTM input size
 * @param hiddenSize            LSTM state size
 * @param lstmConfig            training configuration (null when unknown)
 * @param rankerConfig          ranker configuration (null without ranker)
 * @param rankerFeatures        names of the ranker's feature vector, in order (empty without ranker)
 * @param hybrid                candidate top-N and kNN settings of the ranker's signals (null without ranker)
 * @param metrics               evaluation results, given by the caller (e.g. "lstm.recall@20")
 * @param files                 SHA-256 of every model file, by file name (every file but this one
 *                              and vocabulary.txt, which is checked by its fingerprint)
 */
public record ModelMetadata(int formatVersion, String modelVersion, Instant createdAt, String trainingDataHash,
                            int vocabularySize, String vocabularyFingerprint, int embeddingSize, int hiddenSize,
                            LstmTrainingConfig lstmConfig, MlpConfig rankerConfig, List<String> rankerFeatures,
                            HybridSettings hybrid, Map<String, Double> metrics, Map<String, String> files) {
}
