package io.profilestream.profileupdater.profile;

import io.profilestream.model.profile.UserProfile;
import io.profilestream.model.topic.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Reads the profile-updater's sealed outputs of a {@link TopologyTestDriver} in plaintext, with
 * the keys it published on {@link Topics#USER_KEYS} (every key ever published is remembered, so
 * records sealed before a key change still open) or holds in its stores.
 */
public final class SealedOutputs {

    private final TopologyTestDriver driver;
    private final TestOutputTopic<String, byte[]> profiles;
    private final TestOutputTopic<String, byte[]> keys;
    private final Map<String, List<byte[]>> published = new HashMap<>();
    private final List<TestRecord<String, byte[]>> keyLog = new ArrayList<>();

    /** Attaches to the driver's profiles and user keys topics. */
    public SealedOutputs(TopologyTestDriver driver) {
        this.driver = driver;
        this.profiles = driver.createOutputTopic(Topics.PROFILES.name(), Topics.PROFILES.keySerde().deserializer(),
                Topics.PROFILES.valueSerde().deserializer());
        this.keys = driver.createOutputTopic(Topics.USER_KEYS.name(), Topics.USER_KEYS.keySerde().deserializer(),
                Topics.USER_KEYS.valueSerde().deserializer());
    }

    /** The raw profiles topic (sealed values). */
    public TestOutputTopic<String, byte[]> profilesTopic() {
        return profiles;
    }

    /** Every record published on the user keys topic so far, in order, tombstones included. */
    public List<TestRecord<String, byte[]>> keyRecords() {
        collectKeys();
        return List.copyOf(keyLog);
    }

    /** A raw output topic of the driver, e.g. a changelog. */
    public TestOutputTopic<String, byte[]> rawTopic(String name) {
        return driver.createOutputTopic(name, Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
    }

    /** The profile records not read yet, opened; tombstones stay null. */
    public List<KeyValue<String, UserProfile>> readProfiles() {
        return readRecords().stream().map(r -> KeyValue.pair(r.key(), r.value())).toList();
    }

    /** As {@link #readProfiles()}, with record timestamps. */
    public List<TestRecord<String, UserProfile>> readRecords() {
        collectKeys();
        List<TestRecord<String, UserProfile>> out = new ArrayList<>();
        for (TestRecord<String, byte[]> r : profiles.readRecordsToList()) {
            out.add(new TestRecord<>(r.key(), r.value() == null ? null : openWithPublished(r.key(), r.value()), r.getRecordTime()));
        }
        return out;
    }

    /** Opens records of another topic (e.g. the profiles changelog) with the keys published so far. */
    public List<KeyValue<String, UserProfile>> open(List<KeyValue<String, byte[]>> records) {
        collectKeys();
        return records.stream()
                .map(kv -> KeyValue.pair(kv.key, kv.value == null ? null : openWithPublished(kv.key, kv.value)))
                .toList();
    }

    /** The profile of {@code userKey} in the driver's stores, opened; null when either store lacks it. */
    public UserProfile stored(String userKey) {
        byte[] sealed = profileStore().get(userKey);
        byte[] key = keyStore().get(userKey);
        return sealed == null || key == null ? null : TestCipher.open(userKey, key, sealed);
    }

    /** The driver's profile store (sealed values). */
    public KeyValueStore<String, byte[]> profileStore() {
        return driver.getKeyValueStore(ProfileTopology.PROFILE_STORE);
    }

    /** The driver's user keys store (wrapped keys). */
    public KeyValueStore<String, byte[]> keyStore() {
        return driver.getKeyValueStore(ProfileTopology.USER_KEYS_STORE);
    }

    private UserProfile openWithPublished(String userKey, byte[] sealed) {
        return TestCipher.openWithAny(userKey, published.getOrDefault(userKey, List.of()), sealed);
    }

    private void collectKeys() {
        for (TestRecord<String, byte[]> r : keys.readRecordsToList()) {
            keyLog.add(r);
            if (r.value() != null) {
                published.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value());
            }
        }
    }
}
