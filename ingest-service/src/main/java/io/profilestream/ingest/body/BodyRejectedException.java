package io.profilestream.ingest.body;

/** The request body as a whole cannot be processed; no entry of it was looked at. */
public abstract sealed class BodyRejectedException extends RuntimeException
        permits BodyRejectedException.TooLarge, BodyRejectedException.TooManyEntries,
        BodyRejectedException.MalformedJson, BodyRejectedException.NotABatch,
        BodyRejectedException.Empty, BodyRejectedException.Unreadable {

    private BodyRejectedException(String message, Throwable cause) {
        super(message, cause, false, false);
    }

    /** The body has more bytes than allowed. */
    public static final class TooLarge extends BodyRejectedException {
        private final int maxBodyBytes;

        public TooLarge(int maxBodyBytes) {
            super("the request body exceeds " + maxBodyBytes + " bytes", null);
            this.maxBodyBytes = maxBodyBytes;
        }

        public int maxBodyBytes() {
            return maxBodyBytes;
        }
    }

    /** The body holds more entries than one request may carry. */
    public static final class TooManyEntries extends BodyRejectedException {
        private final int maxBatchSize;
        private final int received;

        public TooManyEntries(int maxBatchSize, int received) {
            super("the request holds " + received + " entries; at most " + maxBatchSize + " are accepted per request",
                    null);
            this.maxBatchSize = maxBatchSize;
            this.received = received;
        }

        public int maxBatchSize() {
            return maxBatchSize;
        }

        public int received() {
            return received;
        }
    }

    /** A JSON body that is not valid JSON. */
    public static final class MalformedJson extends BodyRejectedException {
        private final int line;
        private final int column;
        private final String problem;

        public MalformedJson(int line, int column, String problem) {
            super("invalid JSON at line " + line + ", column " + column + ": " + problem, null);
            this.line = line;
            this.column = column;
            this.problem = problem;
        }

        /** What the JSON parser objected to, without the position. */
        public String problem() {
            return problem;
        }

        /** 1-based line of the error, or -1 when unknown. */
        public int line() {
            return line;
        }

        /** 1-based column of the error, or -1 when unknown. */
        public int column() {
            return column;
        }
    }

    /** Valid JSON that is neither an object nor an array. */
    public static final class NotABatch extends BodyRejectedException {
        public NotABatch(String found) {
            super("the body must be a JSON object or an array of JSON objects, not " + found, null);
        }
    }

    /** A body without a single entry. */
    public static final class Empty extends BodyRejectedException {
        public Empty() {
            super("the request body contains no entries", null);
        }
    }

    /** The body could not be read from the connection. */
    public static final class Unreadable extends BodyRejectedException {
        public Unreadable(Throwable cause) {
            super("the request body could not be read", cause);
        }
    }
}
