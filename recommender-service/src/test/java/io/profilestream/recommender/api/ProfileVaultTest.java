package io.profilestream.recommender.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.profilestream.model.crypto.UserDataCipher;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.recommender.crypto.SealedFixture;
import io.profilestream.recommender.impressions.ShownItems;
import io.profilestream.recommender.metrics.RecommenderMetrics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class ProfileVaultTest {

    static final Instant T = Instant.parse("2025-04-01T00:00:00Z");
    static final UserProfile ALICE = new UserProfile("alice", 2, Map.of(), null, null, null, null, 1, "s1",
            List.of("bought-1"), List.of(), T, T);

    final SealedFixture sealed = new SealedFixture();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final ProfileVault vault = new ProfileVault(SealedFixture.CIPHER, new RecommenderMetrics(registry));
    final MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
    final KeyValueStore<String, byte[]> profiles = store("profiles");
    final KeyValueStore<String, byte[]> impressions = store("impressions");
    final KeyValueStore<String, byte[]> keys = store("user-keys");

    KeyValueStore<String, byte[]> store(String name) {
        KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    double unreadable(String data, String reason) {
        return registry.get(RecommenderMetrics.UNREADABLE).tag("data", data).tag("reason", reason).counter().count();
    }

    @Test
    void shouldOpenTheProfileAndShownItemsWithTheUsersKey() {
        keys.put("alice", sealed.key("alice"));
        profiles.put("alice", sealed.seal("alice", ALICE));
        impressions.put("alice", sealed.seal("alice", new ShownItems(Map.of("p1", 3))));

        assertThat(vault.profile("alice", profiles, keys)).contains(ALICE);
        assertThat(vault.shownItems("alice", impressions, keys)).isEqualTo(new ShownItems(Map.of("p1", 3)));
        assertThat(registry.get(RecommenderMetrics.UNREADABLE).counters())
                .allSatisfy(counter -> assertThat(counter.count()).isZero());
    }

    @Test
    void shouldTreatAnUnknownUserAsAbsentWithoutCountingIt() {
        assertThat(vault.profile("nobody", profiles, keys)).isEmpty();
        assertThat(vault.shownItems("nobody", impressions, keys)).isEqualTo(ShownItems.none());
        assertThat(unreadable("profile", "no-key")).isZero();
        assertThat(unreadable("shown-items", "no-key")).isZero();
    }

    @Test
    void shouldTreatValuesWithoutKeyAsAbsentAndCountThem() {
        profiles.put("alice", sealed.seal("alice", ALICE));
        impressions.put("alice", sealed.seal("alice", new ShownItems(Map.of("p1", 3))));

        assertThat(vault.profile("alice", profiles, keys)).isEmpty();
        assertThat(vault.shownItems("alice", impressions, keys)).isEqualTo(ShownItems.none());
        assertThat(unreadable("profile", "no-key")).isEqualTo(1.0);
        assertThat(unreadable("shown-items", "no-key")).isEqualTo(1.0);
    }

    @Test
    void shouldNotOpenAProfileSealedForAnotherUser() {
        keys.put("bob", sealed.key("alice"));
        profiles.put("bob", sealed.seal("alice", ALICE));

        assertThat(vault.profile("bob", profiles, keys)).isEmpty();
        assertThat(unreadable("profile", "undecryptable")).isEqualTo(1.0);
    }

    @Test
    void shouldOpenProfileAndShownItemsTogether() {
        keys.put("alice", sealed.key("alice"));
        profiles.put("alice", sealed.seal("alice", ALICE));
        impressions.put("alice", sealed.seal("alice", new ShownItems(Map.of("p1", 3))));

        assertThat(vault.user("alice", profiles, impressions, keys))
                .isEqualTo(new UserState(Optional.of(ALICE), new ShownItems(Map.of("p1", 3))));
        assertThat(registry.get(RecommenderMetrics.UNREADABLE).counters())
                .allSatisfy(counter -> assertThat(counter.count()).isZero());
    }

    @Test
    void shouldCountEachValueUnreadableWhenTheSharedKeyDoesNotUnwrap() {
        byte[] otherMaster = new byte[32];
        otherMaster[0] = 1;
        UserDataCipher other = new UserDataCipher("m1", otherMaster);
        byte[] key = other.newWrappedKey("alice");
        keys.put("alice", key);
        profiles.put("alice", other.sealJson("alice", key, ALICE));
        impressions.put("alice", other.sealJson("alice", key, new ShownItems(Map.of("p1", 3))));

        assertThat(vault.user("alice", profiles, impressions, keys)).isEqualTo(UserState.UNKNOWN);
        assertThat(unreadable("profile", "undecryptable")).isEqualTo(1.0);
        assertThat(unreadable("shown-items", "undecryptable")).isEqualTo(1.0);
        assertThat(unreadable("profile", "no-key")).isZero();
    }

    @Test
    void shouldServeTheProfileWhenOnlyTheShownItemsDoNotOpen() {
        keys.put("alice", sealed.key("alice"));
        profiles.put("alice", sealed.seal("alice", ALICE));
        impressions.put("alice", sealed.seal("bob", new ShownItems(Map.of("p1", 3))));

        assertThat(vault.user("alice", profiles, impressions, keys))
                .isEqualTo(new UserState(Optional.of(ALICE), ShownItems.none()));
        assertThat(unreadable("profile", "undecryptable")).isZero();
        assertThat(unreadable("shown-items", "undecryptable")).isEqualTo(1.0);
    }
}
