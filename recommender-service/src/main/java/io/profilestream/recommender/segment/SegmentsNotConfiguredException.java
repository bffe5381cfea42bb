package io.profilestream.recommender.segment;

/** {@code GET /v1/segments} on an instance started without {@code profilestream.segments.model}: 404. */
public class SegmentsNotConfiguredException extends RuntimeException {

    public SegmentsNotConfiguredException() {
        super("this instance has no segment model: set profilestream.segments.model to the directory written by "
                + "'profilestream-trainer segments --out DIR'");
    }
}
