package io.profilestream.trainer.data;

/** A source row that cannot become an interaction; the message is the reason reported. */
public final class RowRejectedException extends RuntimeException {

    /** @param reason why the row is rejected, phrased for the rejects file */
    public RowRejectedException(String reason) {
        super(reason, null, false, false);
    }
}
