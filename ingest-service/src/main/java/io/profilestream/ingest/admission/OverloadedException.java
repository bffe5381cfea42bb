package io.profilestream.ingest.admission;

/** A request did not fit in the in-flight bound; answered 429 overloaded with Retry-After. */
public final class OverloadedException extends RuntimeException {

    private final long maxInFlightBytes;

    /** @param maxInFlightBytes the bound that was reached */
    public OverloadedException(long maxInFlightBytes) {
        super("ingest already holds as many request bytes as it may (" + maxInFlightBytes
                + ") until Kafka confirms earlier requests", null, false, false);
        this.maxInFlightBytes = maxInFlightBytes;
    }

    /** The bound that was reached. */
    public long maxInFlightBytes() {
        return maxInFlightBytes;
    }
}
