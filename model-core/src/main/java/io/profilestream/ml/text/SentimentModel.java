package io.profilestream.ml.text;

import java.nio.file.Path;

/**
 * A loaded review-sentiment model, free of any deep-learning library type. Implementations are
 * immutable and thread-safe; scoring tokenizes with {@link TextTokenizer}, as training did.
 */
public interface SentimentModel {

    /** Class probabilities of one (already scrubbed) review text; null or blank text is allowed. */
    SentimentScores score(String text);

    /** The artifact's version label. */
    String version();

    /**
     * Loads a model directory written by the trainer's {@code sentiment --out DIR}.
     *
     * @throws io.profilestream.ml.artifact.ModelArtifactException naming the file and the problem
     */
    static SentimentModel load(Path directory) {
        return Dl4jSentimentModel.load(directory);
    }
}
