package io.profilestream.recommender.impressions;

import io.profilestream.model.crypto.UndecryptableException;
import io.profilestream.model.crypto.UserDataCipher;
import io.profilestream.model.erasure.ErasureMarkers;
import io.profilestream.model.impression.Impression;
import io.profilestream.model.streams.MissingFieldException;
import io.profilestream.recommender.crypto.Opened;
import java.util.Objects;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds served recommendation lists ({@link Impression}s keyed by user pseudonym) into the
 * per-user {@link ShownItems} the business filter reads at request time.
 *
 * <p>Encryption at rest: the store holds each user's {@link ShownItems} as JSON sealed with the
 * user's data key (from the user-keys table, {@link UserDataCipher#sealJson}), so the store, its
 * changelog topic and any backup of either hold only ciphertext, and destroying the key shreds
 * every copy. A user without a key is one the profile-updater does not profile: unknown, or they
 * withdrew consent or were erased (their key was destroyed). We keep no per-user data for them:
 * their impressions are not stored (a leftover entry sealed under a destroyed key is deleted),
 * and counted (metric {@code impressions-without-key-total}, which also counts keys that do not
 * unwrap with this service's master key). An entry that does not open with the
 * current key (sealed under an earlier, destroyed one) is started afresh and counted
 * ({@code shown-items-undecryptable-total}): losing some counts only means an item may be shown
 * once more. Both metrics are in group {@code stream-recommender-metrics}.
 *
 * <p>Erasure: a user erased by the erasure processor has a marker (the erasure's
 * {@code requestedAt}, epoch ms) in the erased-users store. Their impressions whose record
 * timestamp or {@code servedAt} is at or before it were served before the erasure and are still
 * in flight: folding them would bring back state the erasure just deleted, so they are dropped
 * and counted (metric {@code dropped-after-erasure-total}).
 *
 * <p>An impression record without a key is diverted to the dead-letter topic by a
 * {@link MissingFieldException} ({@code MISSING_FIELD}); one without a value is logged and skipped.
 */
public final class ImpressionFoldProcessor implements Processor<String, Impression, Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(ImpressionFoldProcessor.class);

    private final String storeName;
    private final String erasedStoreName;
    private final String keysStoreName;
    private final UserDataCipher cipher;
    private final int kept;
    private KeyValueStore<String, byte[]> store;
    private ErasureMarkers erased;
    private TimestampedKeyValueStore<String, byte[]> keys;
    private Sensor droppedAfterErasure;
    private Sensor withoutKey;
    private Sensor undecryptable;

    /**
     * @param storeName       the key-value store (user key -> sealed shown items) this processor owns
     * @param erasedStoreName the key-value store of erased users (user key -> erasure time, epoch ms)
     * @param keysStoreName   the user-keys table's store (user key -> wrapped data key), read only
     * @param cipher          seals and opens the shown items
     * @param kept            items remembered per user
     */
    public ImpressionFoldProcessor(String storeName, String erasedStoreName, String keysStoreName,
                                   UserDataCipher cipher, int kept) {
        this.storeName = storeName;
        this.erasedStoreName = erasedStoreName;
        this.keysStoreName = keysStoreName;
        this.cipher = Objects.requireNonNull(cipher, "cipher");
        this.kept = kept;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
        erased = new ErasureMarkers(context.getStateStore(erasedStoreName));
        // The KTable's store, read only: writing it would diverge from the user-keys topic.
        keys = context.getStateStore(keysStoreName);
        String task = context.taskId().toString();
        droppedAfterErasure = context.metrics().addRateTotalSensor("recommender", task,
                "dropped-after-erasure", Sensor.RecordingLevel.INFO);
        withoutKey = context.metrics().addRateTotalSensor("recommender", task,
                "impressions-without-key", Sensor.RecordingLevel.INFO);
        undecryptable = context.metrics().addRateTotalSensor("recommender", task,
                "shown-items-undecryptable", Sensor.RecordingLevel.INFO);
    }

    @Override
    public void process(Record<String, Impression> record) {
        String userKey = record.key();
        Impression impression = record.value();
        if (impression == null) {
            // Carries nothing to lose (and the topic is not compacted, so it deletes nothing either).
            LOG.warn("Ignoring impression record without value");
            return;
        }
        if (userKey == null) {
            // Only our own recommender writes this topic, always keyed: a record without a key came
            // from a producer that bypassed it and cannot be attributed to a user (nor, by the value's
            // userKey, to this partition's task). Dead-lettered rather than silently dropped.
            throw new MissingFieldException("userKey");
        }
        if (servedBeforeErasure(userKey, impression, record.timestamp())) {
            droppedAfterErasure.record();
            return;
        }
        ValueAndTimestamp<byte[]> key = keys.get(userKey);
        byte[] wrappedKey = key == null ? null : key.value();
        byte[] sealed = store.get(userKey);
        if (wrappedKey == null) {
            withoutKey.record();
            if (sealed != null) {
                // Sealed under a destroyed key, so unreadable anyway: deleting keeps dead entries out.
                store.delete(userKey);
            }
            return;
        }
        Opened<ShownItems> current = Opened.open(cipher, userKey, wrappedKey, sealed, ShownItems.class);
        byte[] next;
        try {
            next = cipher.sealJson(userKey, wrappedKey,
                    current.asOptional().orElse(ShownItems.none()).add(impression.itemIds(), kept));
        } catch (UndecryptableException e) {
            // The key itself does not unwrap (wrapped under a master key we do not hold yet, or
            // altered): no usable key. The entry is kept: it may open once the master keys agree.
            withoutKey.record();
            return;
        }
        if (current.outcome() == Opened.Outcome.UNDECRYPTABLE) {
            undecryptable.record();
        }
        store.put(userKey, next);
    }

    private boolean servedBeforeErasure(String userKey, Impression impression, long timestamp) {
        return impression.servedAt() == null ? erased.covers(userKey, timestamp)
                : erased.covers(userKey, timestamp, impression.servedAt().toEpochMilli());
    }
}
