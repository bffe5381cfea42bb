package io.profilestream.ml.artifact;

/** A model directory that cannot be used; the message names the file and the problem. */
public class ModelArtifactException extends RuntimeException {

    /** @param message "file: problem" */
    public ModelArtifactException(String message) {
        super(message);
    }

    /** @param message "file: problem" */
    public ModelArtifactException(String message, Throwable cause) {
        super(message, cause);
    }
}
