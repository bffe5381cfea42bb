package io.profilestream.privacyfilter.topology;

import io.profilestream.model.dlq.ReasonCode;
import io.profilestream.model.erasure.ErasureMarkers;
import io.profilestream.model.event.RawEvent;
import io.profilestream.model.privacy.Pseudonymizer;
import io.profilestream.model.topic.Topics;
import io.profilestream.privacyfilter.config.FilterProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 3: refuses events of erased users that were still in flight when the erasure was processed,
 * so they cannot resurrect the erased profile downstream. It also computes the user's pseudonym,
 * once per event, and hands it on in {@link ParsedEvent#userKey()} to the later steps.
 *
 * <p>{@link EraseUserProcessor} leaves a marker per erased user in {@link #STORE_NAME} (pseudonym
 * -&gt; {@code requestedAt}). An event of a marked user is refused when it was received
 * ({@code receivedAt}, else the record timestamp) or sent (its client timestamp) at or before the
 * marker: it goes to the dead-letter sink as {@link ReasonCode#USER_ERASED} without its payload, so
 * the erased user's data is not copied to the dead-letter topic. An event both sent and received
 * after the erasure passes: a user who comes back starts a new profile (objecting to profiling is
 * what {@code consent=false} is for). Runs before dedupe, so refused event ids are not remembered.
 * A marker is purged hourly (wall-clock) once {@link #markerLifetime} has passed, when no event it
 * would refuse can arrive any more; the marker itself is the pseudonym of an erased user and is
 * kept no longer than that.
 *
 * <p>The store is shared with {@link EraseUserProcessor}, which makes raw events and erasure
 * requests one sub-topology: both topics are keyed by the raw user id with the same partition
 * count, so a user's events and erasure request meet in one task and its store.
 */
public final class ErasureGuardProcessor implements Processor<String, ParsedEvent, String, Object> {

    /** Processor name in the topology. */
    public static final String NAME = "erasure-guard";

    /** Key-value store: user pseudonym -&gt; epoch millis of the latest erasure of that user. */
    public static final String STORE_NAME = ErasureMarkers.STORE_NAME;

    /** How often expired markers are purged (wall-clock time). */
    public static final Duration PURGE_INTERVAL = Duration.ofHours(1);

    private static final Logger LOG = LoggerFactory.getLogger(ErasureGuardProcessor.class);

    private final Pseudonymizer pseudonymizer;
    private final long markerLifetimeMs;
    private final Clock clock;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, Long> store;

    /**
     * @param pseudonymizer  gives the store key (and the pseudonym every later step uses)
     * @param markerLifetime how long a marker is kept after its erasure; see {@link #markerLifetime}
     * @param clock          source of {@code divertedAt}
     */
    public ErasureGuardProcessor(Pseudonymizer pseudonymizer, Duration markerLifetime, Clock clock) {
        this.pseudonymizer = pseudonymizer;
        this.markerLifetimeMs = markerLifetime.toMillis();
        this.clock = clock;
    }

    /**
     * How long a marker must outlive its erasure: the maximum event age plus the raw topic's
     * retention. An event the marker would refuse was received at or before the erasure (so it
     * leaves the raw topic one retention later), or was sent at or before it, in which case
     * {@code normalise} refuses it as {@code TIMESTAMP_TOO_OLD} unless it was received within
     * {@code maxEventAge} of the erasure, and it too leaves the raw topic one retention after its
     * receipt. The sum, not the larger of the two, covers such a late event read by a lagging
     * filter; once it has passed, no event the marker would refuse can reach this step any more.
     */
    public static Duration markerLifetime(FilterProperties settings) {
        return settings.maxEventAge().plusMillis(Topics.RAW_EVENTS.retentionMs());
    }

    /**
     * The persistent key-value store of erasure markers, changelogged so a restart or a move to
     * another instance keeps refusing; uncached so a marker {@link EraseUserProcessor} writes is
     * what the next event's lookup sees, and reaches the changelog without delay.
     */
    public static StoreBuilder<KeyValueStore<String, Long>> storeBuilder() {
        return ErasureMarkers.storeBuilder();
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.store = context.getStateStore(STORE_NAME);
        // Wall-clock, not stream time: markers must expire even while no events arrive.
        context.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::purgeExpiredMarkers);
    }

    @Override
    public void process(Record<String, ParsedEvent> record) {
        ParsedEvent value = record.value();
        RawEvent e = value.event();
        String userKey = value.userKey() != null ? value.userKey() : pseudonymizer.user(e.userId());
        Long erasedAt = store.get(userKey);
        if (erasedAt != null && refused(e, record.timestamp(), erasedAt)) {
            // original = null: the dead letter must not become a copy of the erased user's data.
            context.forward(DeadLetters.of(context, clock, record.timestamp(), ReasonCode.USER_ERASED,
                    "the user was erased at " + Instant.ofEpochMilli(erasedAt)
                            + "; events sent or received up to then are refused",
                    e.eventId(), null), DeadLetterPayloadProcessor.NAME);
            return;
        }
        context.forward(record.withValue(value.withUserKey(userKey)), DedupeProcessor.NAME);
    }

    private static boolean refused(RawEvent e, long recordTimestamp, long erasedAt) {
        long received = e.receivedAt() != null ? e.receivedAt().toEpochMilli() : recordTimestamp;
        return received <= erasedAt || (e.timestamp() != null && e.timestamp().toEpochMilli() <= erasedAt);
    }

    /** Deletes every marker older than the marker lifetime at wall-clock time {@code now}. */
    void purgeExpiredMarkers(long now) {
        long cutoff = now - markerLifetimeMs;
        int purged = new ErasureMarkers(store).purgeOlderThan(cutoff);
        if (purged > 0) {
            LOG.info("Purged {} expired erasure markers (erased before {})", purged, Instant.ofEpochMilli(cutoff));
        }
    }
}
