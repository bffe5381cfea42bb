package io.profilestream.recommender.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.profilestream.model.crypto.UserDataCipher;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.recommender.crypto.SealedFixture;
import io.profilestream.recommender.impressions.ShownItems;
import io.profilestream.recommender.metrics.RecommenderMetrics;
import java.time.Duration;
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
    final ProfileVault caching = new ProfileVault(SealedFixture.CIPHER, new RecommenderMetrics(registry), 10,
            Duration.ofMinutes(1));
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
    @Test
    void shouldServeTheOpenedProfileAgainWhileTheStoredBytesAndKeyAreUnchanged() {
        keys.put("alice", sealed.key("alice"));
        profiles.put("alice", sealed.seal("alice", ALICE));

        UserProfile first = caching.profile("alice", profiles, keys).orElseThrow();
        UserProfile second = caching.profile("alice", profiles, keys).orElseThrow();

        assertThat(first).isEqualTo(ALICE);
        assertThat(second).isSameAs(first);
        assertThat(caching.openedProfiles()).isEqualTo(1);
        // Without the cache every read opens a new copy.
        assertThat(vault.profile("alice", profiles, keys).orElseThrow())
                .isEqualTo(vault.profile("alice", profiles, keys).orElseThrow())
                .isNotSameAs(vault.profile("alice", profiles, keys).orElseThrow());
    }

    @Test
    void shouldOpenTheNewProfileOnceTheStoredOneChanged() {
        keys.put("alice", sealed.key("alice"));
        profiles.put("alice", sealed.seal("alice", ALICE));
        caching.profile("alice", profiles, keys);
        UserProfile next = new UserProfile("alice", 3, Map.of(), null, null, null, null, 1, "s1",
                List.of("bought-1", "bought-2"), List.of(), T, T.plusSeconds(5));

        profiles.put("alice", sealed.seal("alice", next));

        assertThat(caching.profile("alice", profiles, keys)).contains(next);
    }

    @Test
    void shouldServeNoOpenedProfileOnceTheUsersKeyIsDestroyed() {
        keys.put("alice", sealed.key("alice"));
        profiles.put("alice", sealed.seal("alice", ALICE));
        caching.profile("alice", profiles, keys);

        keys.delete("alice");

        assertThat(caching.profile("alice", profiles, keys)).isEmpty();
        assertThat(unreadable("profile", "no-key")).isEqualTo(1.0);
        assertThat(caching.openedProfiles()).isZero();
    }

    @Test
    void shouldOpenTheShownItemsOnEveryRequestBesideACachedProfile() {
        keys.put("alice", sealed.key("alice"));
        profiles.put("alice", sealed.seal("alice", ALICE));
        impressions.put("alice", sealed.seal("alice", new ShownItems(Map.of("p1", 1))));
        UserProfile kept = caching.user("alice", profiles, impressions, keys).profile().orElseThrow();

        impressions.put("alice", sealed.seal("alice", new ShownItems(Map.of("p1", 2, "p2", 1))));

        UserState next = caching.user("alice", profiles, impressions, keys);
        assertThat(next).isEqualTo(new UserState(Optional.of(ALICE), new ShownItems(Map.of("p1", 2, "p2", 1))));
        assertThat(next.profile().orElseThrow()).isSameAs(kept);
    }

    @Test
    void shouldDropTheOpenedProfileOfAnErasedUserAtTheirNextRequest() {
        keys.put("alice", sealed.key("alice"));
        profiles.put("alice", sealed.seal("alice", ALICE));
        impressions.put("alice", sealed.seal("alice", new ShownItems(Map.of("p1", 1))));
        caching.user("alice", profiles, impressions, keys);
        assertThat(caching.openedProfiles()).isEqualTo(1);

        profiles.delete("alice");
        impressions.delete("alice");
        keys.delete("alice");

        assertThat(caching.user("alice", profiles, impressions, keys)).isEqualTo(UserState.UNKNOWN);
        assertThat(caching.openedProfiles()).isZero();
    }

    @Test
    void shouldNotServeAnOpenedProfileUnderAReplacedKey() {
        keys.put("alice", sealed.key("alice"));
        profiles.put("alice", sealed.seal("alice", ALICE));
        caching.profile("alice", profiles, keys);

        // Same profile bytes, another key: they no longer open, cached or not.
        keys.put("alice", sealed.newKey("alice"));

        assertThat(caching.profile("alice", profiles, keys)).isEmpty();
        assertThat(unreadable("profile", "undecryptable")).isEqualTo(1.0);
        assertThat(caching.openedProfiles()).isZero();
    }
}
