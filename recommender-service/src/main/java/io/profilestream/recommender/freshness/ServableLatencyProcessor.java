package io.profilestream.recommender.freshness;

import io.micrometer.core.instrument.Timer;
import io.profilestream.model.streams.PipelineLatency;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Records freshness up to servable ({@code profilestream.pipeline.latency{stage=recommender}}) for
 * each profile update: the wall clock now minus the record's timestamp. It runs right after the
 * profiles table has put the update into its store (the table forwards downstream only then, and
 * immediately because the store is not cached), so "now" is when interactive queries start seeing
 * the update. The timestamp is ingest's acceptance time ({@code receivedAt}): ingest stamps the
 * raw record with it, and the privacy filter and the profile-updater forward their input's
 * timestamp to their output.
 *
 * <p>Only profile updates count. A tombstone (erasure, expiry, key rotation's old key) removes a
 * profile rather than freshening one. A new user's data key is written by the profile-updater in
 * the same transaction just before their first profile, with the same timestamp, so the profile
 * is the last piece that makes an update servable and the key is not counted on its own.
 * Impressions (what was shown) also change answers, but their timestamps are the instants lists
 * were served, not ingest's, so their delay is not freshness and is not recorded here.
 *
 * <p>A clock behind the ingest host's (skew) records 0 ({@link PipelineLatency#elapsedMillis}).
 */
public final class ServableLatencyProcessor implements Processor<String, byte[], Void, Void> {

    /** Processor name in the topology. */
    public static final String NAME = "profiles-servable-latency";

    private final Clock clock;
    private final Timer latency;

    /**
     * @param clock   wall clock of this instance
     * @param latency the {@code profilestream.pipeline.latency{stage=recommender}} timer
     */
    public ServableLatencyProcessor(Clock clock, Timer latency) {
        this.clock = clock;
        this.latency = latency;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        latency.record(PipelineLatency.elapsedMillis(clock, record.timestamp()), TimeUnit.MILLISECONDS);
    }
}
