package io.profilestream.recommender.impressions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.profilestream.model.crypto.UserDataCipher;
import io.profilestream.model.impression.Impression;
import io.profilestream.model.streams.MissingFieldException;
import io.profilestream.model.topic.Topics;
import io.profilestream.recommender.crypto.SealedFixture;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ImpressionFoldProcessorTest {

    static final Instant T = Instant.parse("2025-03-01T00:00:00Z");

    final MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
    final SealedFixture sealed = new SealedFixture();
    KeyValueStore<String, byte[]> store;
    KeyValueStore<String, Long> erased;
    TimestampedKeyValueStore<String, byte[]> keys;
    ImpressionFoldProcessor processor;

    @BeforeEach
    void setUp() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("impressions"),
                Topics.IMPRESSIONS.keySerde(), Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        erased = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("erased-users"), Serdes.String(), Serdes.Long())
                .withLoggingDisabled().build();
        erased.init(context.getStateStoreContext(), erased);
        context.addStateStore(erased);
        keys = Stores.timestampedKeyValueStoreBuilder(Stores.inMemoryKeyValueStore("user-keys"), Serdes.String(),
                Serdes.ByteArray()).withLoggingDisabled().build();
        keys.init(context.getStateStoreContext(), keys);
        context.addStateStore(keys);
        processor = new ImpressionFoldProcessor("impressions", "erased-users", "user-keys", SealedFixture.CIPHER, 2);
        processor.init(context);
        giveKey("u1");
        giveKey("u2");
    }

    void giveKey(String userKey) {
        keys.put(userKey, ValueAndTimestamp.make(sealed.key(userKey), 0L));
    }

    static Record<String, Impression> served(String userKey, String... items) {
        return new Record<>(userKey, new Impression(userKey, T, "lstm", "v1", List.of(items)), 0L);
    }

    Map<String, Integer> shown(String userKey) {
        return sealed.open(userKey, store.get(userKey), ShownItems.class).counts();
    }

    double metric(String name) {
        return context.metrics().metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals(name))
                .mapToDouble(e -> (Double) e.getValue().metricValue())
                .sum();
    }

    @Test
    void shouldCountServedItemsPerUserWithinTheBound() {
        processor.process(served("u1", "a", "b"));
        processor.process(served("u1", "a"));
        processor.process(served("u2", "c"));
        processor.process(served("u1", "d"));

        assertThat(shown("u1")).containsExactly(Map.entry("a", 2), Map.entry("d", 1));
        assertThat(shown("u2")).containsExactly(Map.entry("c", 1));
    }

    @Test
    void shouldStoreShownItemsOnlySealedWithTheUsersKey() {
        processor.process(served("u1", "item-42"));

        byte[] stored = store.get("u1");
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("item-42");
        assertThat(SealedFixture.CIPHER.openJson("u1", sealed.key("u1"), stored, ShownItems.class))
                .isEqualTo(new ShownItems(Map.of("item-42", 1)));
    }

    @Test
    void shouldNotStoreImpressionsOfAUserWithoutKey() {
        processor.process(served("u3", "a"));

        assertThat(store.get("u3")).isNull();
        assertThat(metric("impressions-without-key-total")).isEqualTo(1.0);
    }

    @Test
    void shouldDeleteShownItemsSealedUnderADestroyedKeyOnTheNextImpression() {
        processor.process(served("u1", "a"));
        keys.delete("u1");

        processor.process(served("u1", "b"));

        assertThat(store.get("u1")).isNull();
        assertThat(metric("impressions-without-key-total")).isEqualTo(1.0);
    }

    @Test
    void shouldStartAfreshWhenTheStoredShownItemsDoNotOpenWithTheCurrentKey() {
        processor.process(served("u1", "a"));
        keys.put("u1", ValueAndTimestamp.make(sealed.newKey("u1"), 1L));

        processor.process(served("u1", "b"));

        assertThat(shown("u1")).containsExactly(Map.entry("b", 1));
        assertThat(metric("shown-items-undecryptable-total")).isEqualTo(1.0);
    }

    @Test
    void shouldKeepTheEntryWhenTheKeyIsWrappedUnderAnotherMasterKey() {
        processor.process(served("u1", "a"));
        byte[] before = store.get("u1");
        keys.put("u1", ValueAndTimestamp.make(new UserDataCipher("m2", new byte[32]).newWrappedKey("u1"), 1L));

        processor.process(served("u1", "b"));

        assertThat(store.get("u1")).isEqualTo(before);
        assertThat(metric("impressions-without-key-total")).isEqualTo(1.0);
        assertThat(metric("shown-items-undecryptable-total")).isEqualTo(0.0);
    }

    @Test
    void shouldRejectARecordWithoutKeyAsMissingFieldAndIgnoreOneWithoutValue() {
        assertThatThrownBy(() -> processor.process(new Record<>(null, new Impression(null, T, "lstm", "v1", List.of("a")),
                0L))).isInstanceOf(MissingFieldException.class).hasMessage("missing required field userKey");
        processor.process(new Record<>("u1", null, 0L));

        assertThat(store.approximateNumEntries()).isZero();
        assertThat(store.get("u1")).isNull();
    }

    @Test
    void shouldDropAndCountImpressionsServedAtOrBeforeTheErasureOfTheirUser() {
        erased.put("u1", T.toEpochMilli());

        // Recorded (record time) before the erasure, though stamped later.
        processor.process(new Record<>("u1", new Impression("u1", T.plusSeconds(1), "lstm", "v1", List.of("a")),
                T.toEpochMilli()));
        // Recorded after the erasure, but served at its very instant.
        processor.process(new Record<>("u1", new Impression("u1", T, "lstm", "v1", List.of("b")),
                T.plusSeconds(1).toEpochMilli()));

        assertThat(store.get("u1")).isNull();
        assertThat(metric("dropped-after-erasure-total")).isEqualTo(2.0);
    }

    @Test
    void shouldFoldImpressionsServedAfterTheErasure() {
        erased.put("u1", T.toEpochMilli());

        processor.process(new Record<>("u1", new Impression("u1", T.plusMillis(1), "popular", null, List.of("a")),
                T.plusMillis(1).toEpochMilli()));
        processor.process(served("u2", "c"));

        assertThat(shown("u1")).containsExactly(Map.entry("a", 1));
        assertThat(shown("u2")).containsExactly(Map.entry("c", 1));
        assertThat(metric("dropped-after-erasure-total")).isEqualTo(0.0);
    }
}
