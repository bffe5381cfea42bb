package io.profilestream.recommender.demand;

import io.profilestream.model.event.CleanEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Bounds each user's contribution to demand: at most {@code cap} per measure (views,
 * add-to-carts, purchased units) per hour of event time, across all categories and items. Events
 * past the cap are dropped; a purchase whose units would pass it is counted with the units left.
 * Runs on clean events as they are keyed, by user key, so one task sees all of a user's events.
 *
 * <p>Why: a differentially private release adds noise in proportion to how much one person can
 * change the counts. Without a bound, one user (or a bot) could add any number of views or buy
 * any number of units; with it, one user changes each hourly count of a measure by at most
 * {@code cap}, summed over all categories (or all items) of that hour.
 *
 * <p>An event whose hour closed longer than the grace ago (behind this task's stream time) is
 * dropped here: the windows downstream would drop it too, and its user's counts for that hour may
 * already have expired from {@value #STORE}. Counts live in a window store retained one hour plus
 * the grace: pseudonymous per-user state kept no longer than the cap needs it.
 */
public final class ContributionCapProcessor implements Processor<String, CleanEvent, String, DemandContribution> {

    /** Processor name in the topology. */
    public static final String NAME = "demand-contribution-cap";
    /** What each user contributed per measure and hour: {@code <userKey>/<measure>} → count, per hour window. */
    public static final String STORE = "demand-user-hour-contributions";

    private static final long HOUR_MS = DemandSettings.HOUR.toMillis();

    private final int cap;
    private final long graceMs;
    private ProcessorContext<String, DemandContribution> context;
    private WindowStore<String, Integer> contributions;

    /**
     * @param cap   most one user contributes per measure and hour, at least 1
     * @param grace how long after its hour an event is still counted
     */
    public ContributionCapProcessor(int cap, Duration grace) {
        if (cap < 1) {
            throw new IllegalArgumentException("the per-user cap must be at least 1, got " + cap);
        }
        this.cap = cap;
        this.graceMs = grace.toMillis();
    }

    /** The store this processor needs, retained one hour plus {@code grace}, changelogged. */
    public static StoreBuilder<WindowStore<String, Integer>> storeBuilder(Duration grace) {
        return Stores.windowStoreBuilder(
                Stores.persistentWindowStore(STORE, DemandSettings.HOUR.plus(grace), DemandSettings.HOUR, false),
                Serdes.String(), Serdes.Integer());
    }

    @Override
    public void init(ProcessorContext<String, DemandContribution> context) {
        this.context = context;
        this.contributions = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, CleanEvent> record) {
        CleanEvent event = record.value();
        if (event == null || event.itemId() == null || event.itemId().isBlank()) {
            return;
        }
        Optional<DemandMeasure> measure = DemandMeasure.of(event.type());
        if (measure.isEmpty()) {
            return;
        }
        long hour = Math.floorDiv(record.timestamp(), HOUR_MS) * HOUR_MS;
        if (hour + HOUR_MS + graceMs <= context.currentStreamTimeMs()) {
            return;
        }
        // A non-positive quantity adds no demand (the privacy filter lets only positive ones through).
        int amount = measure.get() == DemandMeasure.UNITS ? event.quantityOrOne() : 1;
        if (amount < 1) {
            return;
        }
        String userKey = record.key() != null ? record.key() : event.userKey();
        String key = key(userKey, measure.get());
        Integer used = contributions.fetch(key, hour);
        int allowed = Math.min(amount, cap - (used == null ? 0 : used));
        if (allowed < 1) {
            return;
        }
        contributions.put(key, (used == null ? 0 : used) + allowed, hour);
        context.forward(record.withValue(new DemandContribution(measure.get(), event.category(), event.itemId(), allowed)));
    }

    /**
     * Deletes everything {@value #STORE} holds of one user (right to erasure): every measure, every
     * hour still retained. Each delete is a tombstone on the store's changelog, so the pseudonymous
     * counts do not linger there until the changelog's retention runs out.
     *
     * @param store   the store, as connected to the erasure processor
     * @param userKey the erased user's pseudonymous key
     * @return how many (measure, hour) entries were deleted
     */
    public static int forget(WindowStore<String, Integer> store, String userKey) {
        int deleted = 0;
        for (DemandMeasure measure : DemandMeasure.values()) {
            String key = key(userKey, measure);
            List<Long> hours = new ArrayList<>();
            try (WindowStoreIterator<Integer> it = store.fetch(key, 0L, Long.MAX_VALUE)) {
                it.forEachRemaining(entry -> hours.add(entry.key));
            }
            for (long hour : hours) {
                store.put(key, null, hour);
                deleted++;
            }
        }
        return deleted;
    }

    private static String key(String userKey, DemandMeasure measure) {
        return userKey + "/" + measure.wireName();
    }
}
