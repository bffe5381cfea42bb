package io.profilestream.profileupdater.profile;

import static io.profilestream.model.event.EventType.SEARCH;
import static io.profilestream.model.event.EventType.VIEW;
import static io.profilestream.profileupdater.profile.TestEvents.ALICE;
import static io.profilestream.profileupdater.profile.TestEvents.BOB;
import static io.profilestream.profileupdater.profile.TestEvents.T0;
import static io.profilestream.profileupdater.profile.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.profilestream.ml.serving.ModelRegistry;
import io.profilestream.ml.serving.ServingModels;
import io.profilestream.ml.testing.TestModels;
import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.profileupdater.neural.NeuralMetrics;
import io.profilestream.profileupdater.neural.NeuralProfileStep;
import io.profilestream.profileupdater.neural.NeuralStep;
import io.profilestream.model.profile.ProfileHandover;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restarted profile-updater continues every user's LSTM state from its RocksDB stores: a process
 * that stops after some events and a new one (new model registry, new processor, same state
 * directory) end with exactly the profiles of one uninterrupted run, opened with the data keys it
 * restored (no user gets a second key, so nothing sealed before the restart becomes unreadable).
 *
 * <p>Processor-level because {@code TopologyTestDriver.close()} wipes its state directory, so a
 * second driver cannot reopen the first one's RocksDB files; the broker-backed restart (changelog
 * restore) is covered outside this module.
 */
class ProfileRestartTest {

    @TempDir
    Path models;

    private static final List<CleanEvent> EVENTS = List.of(
            event(VIEW, T0).session("sa1").item("item-1").category("shoes").build(),
            event(VIEW, T0.plusSeconds(10)).user(BOB).session("sb1").item("item-5").build(),
            event(VIEW, T0.plusSeconds(20)).session("sa1").item("item-2").build(),
            event(SEARCH, T0.plusSeconds(30)).session("sa1").query("boots").build(),
            // -- restart here --
            event(VIEW, T0.plusSeconds(40)).session("sa1").item("item-3").category("shoes").build(),
            event(VIEW, T0.plusSeconds(50)).user(BOB).session("sb1").item("item-6").build(),
            event(VIEW, T0.plus(Duration.ofHours(2))).session("sa2").item("item-4").build());

    /** One service process: its own model registry, step and RocksDB store over {@code stateDir}. */
    private final class Process implements AutoCloseable {
        final MockProcessorContext<String, byte[]> context;
        final ProcessorStores<String, byte[]> stores;
        final KeyValueStore<String, byte[]> store;
        final KeyValueStore<String, byte[]> keys;
        final KeyValueStore<String, ProfileActivity> activity;
        final KeyValueStore<String, Long> consent;
        final KeyValueStore<String, Long> erased;
        final KeyValueStore<String, byte[]> awaiting;
        final KeyValueStore<String, byte[]> holdingKeys;
        final KeyValueStore<String, Long> handedOver;
        final ApplyEventProcessor processor;
        final AdoptProfileProcessor adopt;

        Process(Path stateDir) {
            Properties config = new Properties();
            config.put(StreamsConfig.APPLICATION_ID_CONFIG, "profile-updater");
            config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            context = new MockProcessorContext<>(config, new TaskId(0, 0), stateDir.toFile());
            stores = ProcessorStores.persistent(context);
            store = stores.profiles;
            keys = stores.keys;
            activity = stores.activity;
            consent = stores.consent;
            erased = stores.erased;
            awaiting = stores.awaiting;
            holdingKeys = stores.holdingKeys;
            handedOver = stores.handedOver;
            ModelRegistry registry = new ModelRegistry(models, ServingModels::load);
            registry.scan();
            processor = new ApplyEventProcessor(ProfileSettings.defaults(),
                    new NeuralProfileStep(registry, 50, new NeuralMetrics(new SimpleMeterRegistry())), TestCipher.CIPHER);
            processor.init(context);
            adopt = new AdoptProfileProcessor(new ProfileFolder(ProfileSettings.defaults()), NeuralStep.disabled(),
                    TestCipher.CIPHER);
            adopt.init(context);
        }

        void process(List<CleanEvent> events) {
            for (CleanEvent e : events) {
                processor.process(new Record<>(e.userKey(), e, e.eventTime().toEpochMilli()));
            }
        }

        /** The stored profile, opened with the stored key. */
        UserProfile profile(String user) {
            return TestCipher.open(user, keys.get(user), store.get(user));
        }

        /** Users whose new data key this process published. */
        List<String> keysPublished() {
            return context.forwarded(ProfileTopology.USER_KEYS_SINK).stream().map(f -> (String) f.record().key()).toList();
        }

        @Override
        public void close() {
            stores.close();
        }
    }

    @Test
    void shouldContinueEveryUsersStateFromTheStoreAfterARestart(@TempDir Path restartedDir, @TempDir Path uninterruptedDir)
            throws IOException {
        TestModels.exportRandom(models, "v1", 20, 4, 16, 31L);

        byte[] aliceKey;
        byte[] bobKey;
        try (Process before = new Process(restartedDir)) {
            before.process(EVENTS.subList(0, 4));
            assertThat(before.profile(ALICE).neural().sessionItems()).containsExactly("item-1", "item-2");
            assertThat(before.keysPublished()).containsExactly(ALICE, BOB);
            aliceKey = before.keys.get(ALICE);
            bobKey = before.keys.get(BOB);
        }
        UserProfile aliceAfterRestart;
        UserProfile bobAfterRestart;
        try (Process after = new Process(restartedDir)) {
            assertThat(after.keys.get(ALICE)).isEqualTo(aliceKey);
            assertThat(after.keys.get(BOB)).isEqualTo(bobKey);
            assertThat(after.profile(ALICE).neural().steps()).isEqualTo(2);
            assertThat(after.activity.get(BOB)).isEqualTo(new ProfileActivity(T0.plusSeconds(10).toEpochMilli(), "k1"));
            after.process(EVENTS.subList(4, EVENTS.size()));
            assertThat(after.keysPublished()).isEmpty();
            assertThat(after.keys.get(ALICE)).isEqualTo(aliceKey);
            aliceAfterRestart = after.profile(ALICE);
            bobAfterRestart = after.profile(BOB);
        }

        try (Process once = new Process(uninterruptedDir)) {
            once.process(EVENTS);
            assertThat(aliceAfterRestart).isEqualTo(once.profile(ALICE));
            assertThat(bobAfterRestart).isEqualTo(once.profile(BOB));
        }
        assertThat(bobAfterRestart.neural().sessionItems()).containsExactly("item-5", "item-6");
        assertThat(bobAfterRestart.neural().steps()).isEqualTo(2);
        assertThat(aliceAfterRestart.neural().sessionKey()).isEqualTo("sa2");
        assertThat(aliceAfterRestart.neural().sessionItems()).containsExactly("item-4");
        assertThat(aliceAfterRestart.eventCount()).isEqualTo(5);
    }

    @Test
    void shouldKeepTheEventsHeldForAHandoverAcrossARestart(@TempDir Path stateDir) throws IOException {
        TestModels.exportRandom(models, "v1", 20, 4, 16, 31L);
        String oldAlice = "0a".repeat(32);
        List<CleanEvent> held = List.of(
                event(VIEW, T0).session("sa1").item("item-1").previousUser(oldAlice).build(),
                event(VIEW, T0.plusSeconds(10)).session("sa1").item("item-2").previousUser(oldAlice).build());
        try (Process before = new Process(stateDir)) {
            before.process(held);
            assertThat(before.store.get(ALICE)).isNull();
            assertThat(before.context.forwarded()).isEmpty();
        }

        try (Process after = new Process(stateDir)) {
            assertThat(new HandoverBuffer(after.awaiting, after.holdingKeys, TestCipher.CIPHER).size(ALICE)).isEqualTo(2);
            after.context.setCurrentSystemTimeMs(123L);
            // Nothing was kept under the old pseudonym: the held events start the profile.
            after.adopt.process(new Record<>(ALICE, new ProfileHandover(ALICE, "k0", null, null, T0.plusSeconds(20)),
                    T0.plusSeconds(20).toEpochMilli()));

            assertThat(after.profile(ALICE).eventCount()).isEqualTo(2);
            assertThat(after.profile(ALICE).recentItems()).containsExactly("item-2", "item-1");
            assertThat(after.awaiting.get(ALICE)).isNull();
            assertThat(after.holdingKeys.get(ALICE)).isNull();
            assertThat(after.handedOver.get(ALICE)).isEqualTo(123L);
        }
    }
}
