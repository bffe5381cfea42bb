package io.profilestream.localstack.traffic;

import java.time.Duration;
import java.util.List;

/**
 * What a traffic run achieved.
 *
 * @param accepted      events ingest acknowledged as stored
 * @param rejected      events ingest rejected
 * @param retries       batches re-sent after a 503/429
 * @param elapsed       wall time of the run
 * @param sampleReasons up to five rejection reasons, for the user to see
 */
public record SendResult(long accepted, long rejected, long retries, Duration elapsed, List<String> sampleReasons) {

    /** Accepted events per second of wall time. */
    public double acceptedPerSecond() {
        return elapsed.isZero() ? 0 : accepted / (elapsed.toNanos() / 1e9);
    }
}
