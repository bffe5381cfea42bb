package io.profilestream.privacyfilter.topology;

import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.event.RawEvent;
import io.profilestream.model.event.Rekey;
import io.profilestream.model.privacy.Pseudonymizer;
import io.profilestream.model.streams.TimestampStores;
import io.profilestream.privacyfilter.scrub.TextScrubber;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 6: replaces the shop's user and session ids with keyed pseudonyms, drops the request
 * context, masks personal data in the free text (search query, review text; see
 * {@link TextScrubber}), and publishes the resulting {@link CleanEvent} keyed by user pseudonym, so each
 * user's events stay in order on one clean partition. The record timestamp is the input's (ingest's
 * {@code receivedAt}); each clean event is counted and its latency since then recorded
 * ({@link FilterMetrics}).
 *
 * <p>Key rotation: while a previous key is configured (the rotation's grace period) every
 * pseudonym is still made with the current key, but each clean event also carries the user's
 * pseudonym under the previous key in {@link CleanEvent#previousUserKey()}, and the first event of
 * each user after the rotation is preceded by a {@link Rekey} note keyed by that old pseudonym
 * (sent to {@link PrivacyFilterTopology#REKEYS_SINK}), which tells the profile-updater task holding
 * the old profile to hand it over. Which users have had their note is remembered in
 * {@link #REKEYED_STORE}; without a previous key that store is never read on the event path, and a
 * wall-clock punctuation empties it (see {@link #purgeRekeyed}).
 */
public final class PseudonymiseProcessor implements Processor<String, ParsedEvent, String, Object> {

    /** Processor name in the topology. */
    public static final String NAME = "pseudonymise";

    /**
     * Key-value store: the user's pseudonym under the CURRENT key -&gt; epoch millis of the
     * {@link Rekey} note sent for them during the running rotation.
     */
    public static final String REKEYED_STORE = "rekeyed-users";

    /** How often {@link #REKEYED_STORE} is purged (wall-clock time). */
    public static final Duration PURGE_INTERVAL = Duration.ofHours(1);

    /**
     * How long a {@link #REKEYED_STORE} entry is kept while a rotation is still running. Longer than
     * any sensible grace period: it only bounds the store's growth should a rotation be left running.
     */
    public static final Duration REKEYED_RETENTION = Duration.ofDays(400);

    private static final Logger LOG = LoggerFactory.getLogger(PseudonymiseProcessor.class);
    private static final TextScrubber SCRUBBER = new TextScrubber();

    private final Pseudonymizer pseudonymizer;
    private final Pseudonymizer previous;
    private final FilterMetrics metrics;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, Long> rekeyed;

    /**
     * A processor outside a key rotation.
     *
     * @param pseudonymizer holds the HMAC key shared with the recommender
     */
    public PseudonymiseProcessor(Pseudonymizer pseudonymizer) {
        this(pseudonymizer, Optional.empty());
    }

    /**
     * @param pseudonymizer holds the current HMAC key, shared with the recommender
     * @param previous      the previous key during a rotation's grace period, empty otherwise
     */
    public PseudonymiseProcessor(Pseudonymizer pseudonymizer, Optional<Pseudonymizer> previous) {
        this(pseudonymizer, previous, FilterMetrics.detached());
    }

    /**
     * @param pseudonymizer holds the current HMAC key, shared with the recommender
     * @param previous      the previous key during a rotation's grace period, empty otherwise
     * @param metrics       counts the clean events and records their latency
     */
    public PseudonymiseProcessor(Pseudonymizer pseudonymizer, Optional<Pseudonymizer> previous, FilterMetrics metrics) {
        this.pseudonymizer = Objects.requireNonNull(pseudonymizer, "pseudonymizer");
        this.previous = previous.orElse(null);
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /**
     * The persistent store of users already rekeyed; changelogged so a restart or a move to another
     * instance does not send every user's note again, and uncached so the note of a user's second
     * event finds the entry the first one wrote.
     */
    public static StoreBuilder<KeyValueStore<String, Long>> rekeyedStoreBuilder() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(REKEYED_STORE), Serdes.String(), Serdes.Long())
                .withLoggingEnabled(Map.of())
                .withCachingDisabled();
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.rekeyed = context.getStateStore(REKEYED_STORE);
        // Wall-clock, not stream time: the store must empty after a rotation even while no events arrive.
        context.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::purgeRekeyed);
    }

    @Override
    public void process(Record<String, ParsedEvent> record) {
        RawEvent e = record.value().event();
        // Computed once per event upstream (erasure guard); only a directly fed event lacks it.
        String userKey = record.value().userKey() != null ? record.value().userKey() : pseudonymizer.user(e.userId());
        String previousUserKey = null;
        if (previous != null) {
            // Normalise trimmed the id, so this matches the old pseudonym ingest made before the rotation.
            previousUserKey = previous.user(e.userId());
            announceRekey(record, e, previousUserKey, userKey);
        }
        String sessionKey = e.sessionId() == null ? null
                : pseudonymizer.pseudonymize(Pseudonymizer.Domain.SESSION, e.sessionId());
        CleanEvent clean = new CleanEvent(
                e.schemaVersion(),
                e.eventId(),
                userKey,
                pseudonymizer.keyId(),
                sessionKey,
                e.type(),
                e.itemId(),
                e.category(),
                e.brand(),
                e.price(),
                e.currency(),
                e.quantity(),
                SCRUBBER.scrub(e.query()).text(),
                SCRUBBER.scrub(e.reviewText()).text(),
                e.rating(),
                e.timestamp(),
                e.consent(),
                previousUserKey);
        // A new record, not record.withValue: headers the shop or ingest attached may carry request
        // metadata, and nothing but the CleanEvent's own fields may leave this service.
        context.forward(new Record<>(userKey, clean, record.timestamp()), PrivacyFilterTopology.CLEAN_SINK);
        metrics.clean(record.timestamp());
    }

    /** Sends the user's {@link Rekey} note unless one was sent during this rotation already. */
    private void announceRekey(Record<String, ParsedEvent> record, RawEvent e, String oldKey, String newKey) {
        if (rekeyed.get(newKey) != null) {
            return;
        }
        // receivedAt is ingest's clock, which the client cannot set; the record time stands in without it.
        long at = e.receivedAt() != null ? e.receivedAt().toEpochMilli() : record.timestamp();
        Rekey note = new Rekey(oldKey, previous.keyId(), newKey, pseudonymizer.keyId(), Instant.ofEpochMilli(at));
        // The note goes out before the clean event and before the entry: should the task fail in
        // between, exactly-once aborts both, and at-least-once at worst repeats a note, which the
        // profile-updater's handover tolerates; a lost note would strand the old profile instead.
        context.forward(new Record<>(oldKey, note, record.timestamp()), PrivacyFilterTopology.REKEYS_SINK);
        rekeyed.put(newKey, at);
    }

    /**
     * Purges {@link #REKEYED_STORE} at wall-clock time {@code now}: every entry once no previous
     * key is configured, since the grace period is over and the entries (pseudonyms of users) serve
     * nothing any more (a later rotation must announce every user afresh anyway); during a rotation
     * only entries older than {@link #REKEYED_RETENTION}, to bound the store's growth.
     */
    void purgeRekeyed(long now) {
        boolean rotating = previous != null;
        int purged = TimestampStores.purgeOlderThan(rekeyed,
                rotating ? now - REKEYED_RETENTION.toMillis() : Long.MAX_VALUE);
        if (purged > 0) {
            LOG.info("Purged {} rekeyed-user entries ({})", purged,
                    !rotating ? "no key rotation in progress" : "older than " + REKEYED_RETENTION);
        }
    }
}
