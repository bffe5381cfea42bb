package io.profilestream.recommender.segment;

import java.nio.file.Path;

/**
 * {@code GET /v1/segments} on an instance that follows a models directory in which no usable
 * version has appeared yet (the first re-fit has not been exported, or every one was refused): 404.
 */
public class SegmentsNotLoadedException extends RuntimeException {

    /** @param directory the models directory followed */
    public SegmentsNotLoadedException(Path directory) {
        super("no segment model version loaded yet from " + directory + ": the segments appear once the trainer "
                + "exports a re-fit there (health component segmentModel says why a version was refused)");
    }
}
