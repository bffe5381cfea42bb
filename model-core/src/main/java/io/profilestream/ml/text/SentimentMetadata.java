package io.profilestream.ml.text;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code metadata.json} of a sentiment model directory.
 *
 * @param formatVersion    layout version ({@link Dl4jSentimentModel#FORMAT_VERSION})
 * @param kind             always {@link Dl4jSentimentModel#KIND}, so a next-item model directory is refused by name
 * @param modelVersion     the caller's version label
 * @param createdAt        export time
 * @param tokenizerVersion {@link TextTokenizer#VERSION} at training time
 * @param classes          output order of the network
 * @param bigrams          whether the features include token pairs
 * @param featureCount     lines of the features file = network input size
 * @param config           training configuration
 * @param trainingDataHash hash of the training data, given by the caller
 * @param metrics          evaluation results, given by the caller
 */
public record SentimentMetadata(int formatVersion, String kind, String modelVersion, Instant createdAt, int tokenizerVersion,
                                List<Sentiment> classes, boolean bigrams, int featureCount, SentimentTrainingConfig config,
                                String trainingDataHash, Map<String, Double> metrics) {
}
