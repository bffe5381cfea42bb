package io.profilestream.ml.text;

import java.nio.file.Path;
import java.util.Map;

/**
 * Search query → category interests, learned from the categories shoppers viewed right after
 * queries. Free of any library type; implementations are immutable and thread-safe and tokenize
 * with {@link TextTokenizer}.
 */
public interface QueryInterests {

    /**
     * The categories {@code query} points to, with weights that sum to 1, in descending weight
     * order (ties by category name); empty when no token of the query was seen in training, so an
     * unknown query adds nothing to a profile.
     */
    Map<String, Double> categories(String query);

    /** The artifact's version label. */
    String version();

    /**
     * Loads a model directory written by the trainer's {@code query-interests --out DIR}.
     *
     * @throws io.profilestream.ml.artifact.ModelArtifactException naming the file and the problem
     */
    static QueryInterests load(Path directory) {
        return QueryCategoryModel.load(directory);
    }
}
