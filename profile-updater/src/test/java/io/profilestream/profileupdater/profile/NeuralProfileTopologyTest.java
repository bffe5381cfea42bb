package io.profilestream.profileupdater.profile;

import static io.profilestream.model.event.EventType.ADD_TO_CART;
import static io.profilestream.model.event.EventType.PURCHASE;
import static io.profilestream.model.event.EventType.SEARCH;
import static io.profilestream.model.event.EventType.VIEW;
import static io.profilestream.profileupdater.profile.TestEvents.ALICE;
import static io.profilestream.profileupdater.profile.TestEvents.BOB;
import static io.profilestream.profileupdater.profile.TestEvents.T0;
import static io.profilestream.profileupdater.profile.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.profilestream.ml.lstm.Dl4jLstmNetwork;
import io.profilestream.ml.serving.ArtifactServingModel;
import io.profilestream.ml.serving.ModelRegistry;
import io.profilestream.ml.serving.ServingModel;
import io.profilestream.ml.serving.ServingModels;
import io.profilestream.ml.testing.TestModels;
import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.event.EventType;
import io.profilestream.model.profile.NeuralState;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.model.topic.Topics;
import io.profilestream.profileupdater.neural.NeuralMetrics;
import io.profilestream.profileupdater.neural.NeuralProfileStep;
import io.profilestream.profileupdater.neural.NeuralStep;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The real {@link ProfileTopology} with the LSTM step on real exported artifacts, compared with the
 * DL4J reference network of the same artifact: the online vector after a user's events must be
 * what the offline model computes for that user's current session.
 */
class NeuralProfileTopologyTest {

    private static final String CAROL = "c3".repeat(32);
    private static final double TOLERANCE = 1e-5;

    @TempDir
    Path stateDir;
    @TempDir
    Path modelsDir;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<String, CleanEvent> cleanEvents;
    private SealedOutputs outputs;
    private int minute;

    private void start(NeuralStep step, ProfileSettings settings) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "profile-updater");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(ProfileTopology.build(new ProfileTopology.Deps(settings, step, TestCipher.CIPHER)), props);
        cleanEvents = driver.createInputTopic(Topics.CLEAN_EVENTS.name(),
                Topics.CLEAN_EVENTS.keySerde().serializer(), Topics.CLEAN_EVENTS.valueSerde().serializer());
        outputs = new SealedOutputs(driver);
    }

    private NeuralProfileStep step(ModelRegistry registry, int cap) {
        return new NeuralProfileStep(registry, cap, new NeuralMetrics(meters));
    }

    @AfterEach
    void tearDown() {
        if (driver != null) {
            driver.close();
        }
    }

    private void pipe(String user, String session, TestEvents e) {
        CleanEvent event = e.user(user).session(session).build();
        cleanEvents.pipeInput(user, event, event.eventTime());
    }

    private TestEvents at(EventType type) {
        return event(type, T0.plus(Duration.ofMinutes(minute++)));
    }

    private UserProfile stored(String user) {
        return outputs.stored(user);
    }

    /** DL4J's h after the whole sequence: the reference the online step must match. */
    private static float[] reference(ServingModel model, List<String> items) {
        int[] indexes = items.stream().mapToInt(id -> model.lstm().vocabulary().indexOf(id).orElseThrow()).toArray();
        float[][] hidden = Dl4jLstmNetwork.referenceHidden(((ArtifactServingModel) model).artifact().referenceNetwork(),
                indexes, indexes.length);
        return hidden[indexes.length - 1];
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }

    /**
     * Three shoppers interleaved: Alice repeats an item then starts a new session, Bob clicks an
     * item the model does not know, Carol searches (no item) before her first click.
     */
    private void pipeInterleavedSessions() {
        pipe(ALICE, "sa1", at(VIEW).item("item-3"));
        pipe(BOB, "sb1", at(VIEW).item("item-7"));
        pipe(ALICE, "sa1", at(ADD_TO_CART).item("item-5"));
        pipe(CAROL, "sc1", at(SEARCH).query("red shoes"));
        pipe(BOB, "sb1", at(VIEW).item("not-in-the-model"));
        pipe(ALICE, "sa1", at(VIEW).item("item-3"));
        pipe(CAROL, "sc1", at(VIEW).item("item-1"));
        pipe(BOB, "sb1", at(PURCHASE).item("item-9"));
        pipe(ALICE, "sa2", at(VIEW).item("item-11"));
        pipe(CAROL, "sc1", at(VIEW).item("item-2"));
        pipe(ALICE, "sa2", at(VIEW).item("item-4"));
        pipe(BOB, "sb1", at(VIEW).item("item-9"));
        pipe(CAROL, "sc1", at(SEARCH).query("blue shoes"));
        pipe(ALICE, "sa2", at(VIEW).item("item-11"));
    }

    /** The current session's known items per user, oldest first, as the reference must see them. */
    private static final Map<String, List<String>> SESSIONS = Map.of(
            ALICE, List.of("item-11", "item-4", "item-11"),
            BOB, List.of("item-7", "item-9", "item-9"),
            CAROL, List.of("item-1", "item-2"));

    private static final Map<String, String> SESSION_KEYS = Map.of(ALICE, "sa2", BOB, "sb1", CAROL, "sc1");

    @ParameterizedTest(name = "hidden {0}")
    @CsvSource({"8, 4, 11", "128, 16, 12"})
    void shouldStoreForEachUserTheVectorTheReferenceNetworkComputesForTheirSession(int hidden, int embedding, long seed)
            throws IOException {
        ServingModel model = ServingModels.load(TestModels.exportRandom(modelsDir, "v1", 40, embedding, hidden, seed));
        start(step(ModelRegistry.fixed(model), 50), ProfileSettings.defaults());

        pipeInterleavedSessions();

        for (String user : List.of(ALICE, BOB, CAROL)) {
            NeuralState neural = stored(user).neural();
            List<String> session = SESSIONS.get(user);
            assertThat(neural.modelVersion()).isEqualTo("v1");
            assertThat(neural.sessionKey()).isEqualTo(SESSION_KEYS.get(user));
            assertThat(neural.sessionItems()).isEqualTo(session);
            assertThat(neural.steps()).isEqualTo(session.size());
            assertThat(neural.hiddenSize()).isEqualTo(hidden);
            assertThat(maxAbsDiff(neural.h(), reference(model, session))).as("max |h - h_dl4j| of %s", user)
                    .isLessThanOrEqualTo(TOLERANCE);
        }
        // The session restart matters: Alice's whole history gives a clearly different vector.
        assertThat(maxAbsDiff(stored(ALICE).neural().h(),
                reference(model, List.of("item-3", "item-5", "item-3", "item-11", "item-4", "item-11"))))
                .isGreaterThan(1e-3);
        assertThat(meters.get(NeuralMetrics.STEPS).counter().count()).isEqualTo(11.0);
        assertThat(meters.get(NeuralMetrics.SKIPPED).tag("reason", NeuralMetrics.UNKNOWN_ITEM).counter().count())
                .isEqualTo(1.0);
        assertThat(meters.get(NeuralMetrics.SKIPPED).tag("reason", NeuralMetrics.NO_ITEM).counter().count())
                .isEqualTo(2.0);
        assertThat(meters.get(NeuralMetrics.SESSION_RESETS).counter().count()).isEqualTo(1.0);
    }

    @Test
    void shouldEmitEachNewProfileOnceWithItsNeuralStateAsStored() throws IOException {
        ServingModel model = ServingModels.load(TestModels.exportRandom(modelsDir, "v1", 40, 4, 8, 11L));
        start(step(ModelRegistry.fixed(model), 50), ProfileSettings.defaults());

        pipeInterleavedSessions();

        List<KeyValue<String, UserProfile>> out = outputs.readProfiles();
        assertThat(out).hasSize(14);
        Map<String, UserProfile> last = new LinkedHashMap<>();
        out.forEach(kv -> last.put(kv.key, kv.value));
        assertThat(last).isEqualTo(Map.of(ALICE, stored(ALICE), BOB, stored(BOB), CAROL, stored(CAROL)));
        // Carol's search came before any known item: no vector yet, then one from her first click.
        assertThat(out.get(3).value.neural()).isNull();
        assertThat(out.get(6).value.neural().sessionItems()).containsExactly("item-1");
    }

    @Test
    void shouldFoldTheSameExplicitFeaturesWithTheStepAsWithout() throws IOException {
        start(NeuralStep.disabled(), ProfileSettings.defaults());
        pipeInterleavedSessions();
        List<KeyValue<String, UserProfile>> explicitOnly = outputs.readProfiles();
        driver.close();
        driver = null;
        minute = 0;

        ServingModel model = ServingModels.load(TestModels.exportRandom(modelsDir, "v1", 40, 4, 8, 11L));
        start(step(ModelRegistry.fixed(model), 50), ProfileSettings.defaults());
        pipeInterleavedSessions();
        List<KeyValue<String, UserProfile>> withNeural = new ArrayList<>();
        outputs.readProfiles().forEach(kv -> withNeural.add(KeyValue.pair(kv.key, kv.value.withNeural(null))));

        assertThat(explicitOnly).allSatisfy(kv -> assertThat(kv.value.neural()).isNull());
        assertThat(withNeural).isEqualTo(explicitOnly);
    }

    @Test
    void shouldReplayTheSessionUnderANewlyLoadedVersionThenStep() throws IOException {
        TestModels.exportRandom(modelsDir, "v1", 40, 16, 128, 21L);
        ModelRegistry registry = new ModelRegistry(modelsDir, ServingModels::load);
        assertThat(registry.scan()).get().isInstanceOf(ModelRegistry.Event.Loaded.class);
        start(step(registry, 50), ProfileSettings.defaults());
        pipe(ALICE, "sa1", at(VIEW).item("item-1"));
        pipe(ALICE, "sa1", at(VIEW).item("item-2"));
        pipe(BOB, "sb1", at(VIEW).item("item-8"));
        assertThat(stored(ALICE).neural().modelVersion()).isEqualTo("v1");

        TestModels.exportRandom(modelsDir, "v2", 40, 16, 128, 22L);
        assertThat(registry.scan()).get().isEqualTo(registry.lastEvent()).isInstanceOf(ModelRegistry.Event.Loaded.class);
        ServingModel v2 = registry.current().orElseThrow();
        assertThat(v2.version()).isEqualTo("v2");
        pipe(ALICE, "sa1", at(VIEW).item("item-3"));
        pipe(BOB, "sb2", at(VIEW).item("item-6"));

        NeuralState alice = stored(ALICE).neural();
        assertThat(alice.modelVersion()).isEqualTo("v2");
        assertThat(alice.sessionItems()).containsExactly("item-1", "item-2", "item-3");
        assertThat(alice.steps()).isEqualTo(3);
        assertThat(maxAbsDiff(alice.h(), reference(v2, List.of("item-1", "item-2", "item-3")))).isLessThanOrEqualTo(TOLERANCE);
        // Bob's v1 state belonged to a finished session: a fresh v2 state, no replay.
        NeuralState bob = stored(BOB).neural();
        assertThat(bob.modelVersion()).isEqualTo("v2");
        assertThat(bob.sessionItems()).containsExactly("item-6");
        assertThat(maxAbsDiff(bob.h(), reference(v2, List.of("item-6")))).isLessThanOrEqualTo(TOLERANCE);
        assertThat(meters.get(NeuralMetrics.MIGRATIONS).counter().count()).isEqualTo(1.0);
        registry.close();
    }

    @Test
    void shouldUpdateExplicitFeaturesAndLeaveNeuralEmptyWhileNoModelIsLoaded() {
        ModelRegistry empty = new ModelRegistry(modelsDir, ServingModels::load);
        assertThat(empty.scan()).isEmpty();
        start(step(empty, 50), ProfileSettings.defaults());

        pipeInterleavedSessions();

        assertThat(outputs.readProfiles()).hasSize(14).allSatisfy(kv -> assertThat(kv.value.neural()).isNull());
        assertThat(stored(ALICE).eventCount()).isEqualTo(6);
        assertThat(stored(ALICE).recentItems()).containsExactly("item-11", "item-4", "item-3", "item-5");
        assertThat(meters.get(NeuralMetrics.SKIPPED).tag("reason", NeuralMetrics.NO_MODEL).counter().count())
                .isEqualTo(14.0);
    }

    @Test
    void shouldKeepTheConfiguredNumberOfSessionItemsWhileTheVectorCoversTheWholeSession() throws IOException {
        ServingModel model = ServingModels.load(TestModels.exportRandom(modelsDir, "v1", 40, 4, 8, 11L));
        ProfileSettings capTwo = new ProfileSettings(Duration.ofDays(7), 50, Duration.ofMinutes(30), 20, 200,
                ProfileSettings.Weights.defaults(), 2,
                ProfileSettings.DEFAULT_RETENTION, Set.of(), ProfileSettings.DEFAULT_EXPIRY_SWEEP_INTERVAL,
                ProfileSettings.OpenedCache.defaults());
        start(step(ModelRegistry.fixed(model), capTwo.sessionItemsCap()), capTwo);

        for (String item : List.of("item-1", "item-2", "item-3", "item-2")) {
            pipe(ALICE, "sa1", at(VIEW).item(item));
        }

        NeuralState neural = stored(ALICE).neural();
        assertThat(neural.sessionItems()).containsExactly("item-3", "item-2");
        assertThat(neural.steps()).isEqualTo(4);
        assertThat(maxAbsDiff(neural.h(), reference(model, List.of("item-1", "item-2", "item-3", "item-2"))))
                .isLessThanOrEqualTo(TOLERANCE);
    }
}
