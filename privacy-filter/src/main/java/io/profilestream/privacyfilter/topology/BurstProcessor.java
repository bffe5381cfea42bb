package io.profilestream.privacyfilter.topology;

import io.profilestream.model.dlq.ReasonCode;
import io.profilestream.model.event.RawEvent;
import io.profilestream.model.privacy.Pseudonymizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Step 5: diverts bursts no person clicks. A user's events are counted in fixed windows of
 * {@code window} (aligned to the epoch) by ingest's receive time, which the client cannot set;
 * the first {@code maxEvents} of a window pass, every later one in that window goes to the
 * dead-letter topic as {@link ReasonCode#BOT_SUSPECTED} (counted like every diversion, see
 * {@link DeadLetters#sensorName}). Runs after dedupe, so a shop's retries of one
 * event are not a burst.
 *
 * <p>The counts are keyed by the user's pseudonym ({@link ParsedEvent#userKey()}, computed by the
 * erasure guard), not the raw id, so no raw id is stored or changelogged; the window store expires
 * old windows by itself, and {@link EraseUserProcessor} deletes an erased user's windows at once.
 */
public final class BurstProcessor implements Processor<String, ParsedEvent, String, Object> {

    /** Processor name in the topology. */
    public static final String NAME = "burst-guard";

    /** Window store: user pseudonym -> events counted in the window starting at the entry's time. */
    public static final String STORE_NAME = "burst-counts";

    private final Pseudonymizer pseudonymizer;
    private final long windowMs;
    private final int maxEvents;
    private final Clock clock;
    private ProcessorContext<String, Object> context;
    private WindowStore<String, Long> store;

    /**
     * @param pseudonymizer gives the store key of an event that arrives without one
     * @param window        length of one counting window
     * @param maxEvents     events a user may send per window
     * @param clock         source of {@code divertedAt}
     */
    public BurstProcessor(Pseudonymizer pseudonymizer, Duration window, int maxEvents, Clock clock) {
        this.pseudonymizer = pseudonymizer;
        this.windowMs = window.toMillis();
        this.maxEvents = maxEvents;
        this.clock = clock;
    }

    /** Persistent and changelogged, so a restart does not reset a running burst's count. */
    public static StoreBuilder<WindowStore<String, Long>> storeBuilder(Duration window) {
        // Two windows of retention: the current one plus slack for records slightly out of order.
        return Stores.windowStoreBuilder(
                        Stores.persistentWindowStore(STORE_NAME, window.multipliedBy(2), window, false),
                        Serdes.String(), Serdes.Long())
                .withLoggingEnabled(Map.of());
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.store = context.getStateStore(STORE_NAME);
    }

    @Override
    public void process(Record<String, ParsedEvent> record) {
        RawEvent e = record.value().event();
        long received = e.receivedAt() != null ? e.receivedAt().toEpochMilli() : record.timestamp();
        long windowStart = received - Math.floorMod(received, windowMs);
        ParsedEvent value = record.value();
        String userKey = value.userKey();
        if (userKey == null) {
            // Only when fed directly (as in a unit test): in the topology the erasure guard has set it.
            userKey = pseudonymizer.user(e.userId());
            value = value.withUserKey(userKey);
        }
        Long counted = store.fetch(userKey, windowStart);
        long count = (counted == null ? 0 : counted) + 1;
        store.put(userKey, count, windowStart);
        if (count > maxEvents) {
            context.forward(DeadLetters.of(context, clock, record.timestamp(), ReasonCode.BOT_SUSPECTED,
                    "event " + count + " of this user in the " + Duration.ofMillis(windowMs)
                            + " window starting at " + Instant.ofEpochMilli(windowStart)
                            + ", more than the " + maxEvents + " allowed",
                    e.eventId(), record.value().original()), DeadLetterPayloadProcessor.NAME);
            return;
        }
        context.forward(record.withValue(value), PseudonymiseProcessor.NAME);
    }
}
