package io.profilestream.profileupdater.neural;

import static io.profilestream.model.event.EventType.SEARCH;
import static io.profilestream.model.event.EventType.VIEW;
import static io.profilestream.profileupdater.profile.TestEvents.ALICE;
import static io.profilestream.profileupdater.profile.TestEvents.T0;
import static io.profilestream.profileupdater.profile.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.profilestream.ml.NextItemModel;
import io.profilestream.ml.serving.ModelRegistry;
import io.profilestream.ml.serving.ServingModel;
import io.profilestream.ml.serving.ServingModels;
import io.profilestream.ml.testing.TestModels;
import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.profile.NeuralState;
import io.profilestream.model.profile.UserProfile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The step alone, on real exported artifacts. Expected vectors come from the model's own
 * {@link NextItemModel#step}, so they are compared bit for bit; parity with DL4J is the topology
 * test's job.
 */
class NeuralProfileStepTest {

    @TempDir
    static Path models;

    private static ServingModel v1;
    private static ServingModel v2;

    private SimpleMeterRegistry meters;
    private NeuralProfileStep step;

    @BeforeAll
    static void exportModels() throws IOException {
        v1 = ServingModels.load(TestModels.exportRandom(models, "v1", 20, 4, 6, 7L));
        v2 = ServingModels.load(TestModels.exportRandom(models, "v2", 20, 4, 6, 8L));
    }

    @BeforeEach
    void setUp() {
        meters = new SimpleMeterRegistry();
        step = new NeuralProfileStep(ModelRegistry.fixed(v1), 3, new NeuralMetrics(meters));
    }

    /** A profile the explicit fold has put in {@code session}, carrying {@code neural} from before. */
    private static UserProfile folded(String session, long sessionCount, NeuralState neural) {
        return new UserProfile(ALICE, 1, Map.of(), null, null, null, null, sessionCount, session, List.of(), List.of(),
                T0, T0, neural);
    }

    private static CleanEvent view(String item) {
        return event(VIEW, T0).item(item).build();
    }

    private static NextItemModel.State steps(ServingModel model, int... items) {
        NextItemModel.State s = model.lstm().initialState();
        for (int i : items) {
            s = model.lstm().step(s, i);
        }
        return s;
    }

    private static NeuralState state(ServingModel model, String session, List<String> items, int steps,
                                     NextItemModel.State s) {
        return new NeuralState(model.version(), session, items, steps, s.h(), s.c());
    }

    private double count(String name, String... tags) {
        return meters.get(name).tags(tags).counter().count();
    }

    @Test
    void shouldStepFromZeroOnTheFirstKnownItemOfAUser() {
        NeuralState next = step.apply(folded("s1", 1, null), view("item-4"));

        assertThat(next).isEqualTo(state(v1, "s1", List.of("item-4"), 1, steps(v1, 4)));
        assertThat(count(NeuralMetrics.STEPS)).isEqualTo(1.0);
        assertThat(meters.get(NeuralMetrics.STEP_TIMER).timer().count()).isEqualTo(1L);
    }

    @Test
    void shouldContinueTheStoredStateWithinTheSessionKeepingRepeats() {
        NeuralState first = step.apply(folded("s1", 1, null), view("item-4"));
        NeuralState second = step.apply(folded("s1", 1, first), view("item-9"));
        NeuralState third = step.apply(folded("s1", 1, second), view("item-4"));

        assertThat(third).isEqualTo(state(v1, "s1", List.of("item-4", "item-9", "item-4"), 3, steps(v1, 4, 9, 4)));
        assertThat(count(NeuralMetrics.STEPS)).isEqualTo(3.0);
    }

    @Test
    void shouldKeepOnlyTheLatestCapSessionItemsOldestFirstWhileCountingEveryStep() {
        NeuralState s = null;
        for (String item : List.of("item-1", "item-2", "item-3", "item-4", "item-5")) {
            s = step.apply(folded("s1", 1, s), view(item));
        }

        assertThat(s).isEqualTo(state(v1, "s1", List.of("item-3", "item-4", "item-5"), 5, steps(v1, 1, 2, 3, 4, 5)));
    }

    @Test
    void shouldLeaveTheStateUntouchedForAnUnknownItemOrAnEventWithoutItem() {
        NeuralState before = step.apply(folded("s1", 1, null), view("item-4"));

        NeuralState afterUnknown = step.apply(folded("s1", 1, before), view("not-in-vocabulary"));
        NeuralState afterSearch = step.apply(folded("s1", 1, afterUnknown), event(SEARCH, T0).query("shoes").build());

        assertThat(afterUnknown).isSameAs(before);
        assertThat(afterSearch).isSameAs(before);
        assertThat(count(NeuralMetrics.SKIPPED, "reason", NeuralMetrics.UNKNOWN_ITEM)).isEqualTo(1.0);
        assertThat(count(NeuralMetrics.SKIPPED, "reason", NeuralMetrics.NO_ITEM)).isEqualTo(1.0);
        assertThat(count(NeuralMetrics.STEPS)).isEqualTo(1.0);
    }

    @Test
    void shouldGiveANewUserNoStateUntilOneOfItsItemsIsKnown() {
        assertThat(step.apply(folded("s1", 1, null), view("not-in-vocabulary"))).isNull();
        assertThat(step.apply(folded("s1", 1, null), event(SEARCH, T0).build())).isNull();
    }

    @Test
    void shouldRestartFromZeroWhenANewSessionBegins() {
        NeuralState s1 = step.apply(folded("s1", 1, null), view("item-4"));
        s1 = step.apply(folded("s1", 1, s1), view("item-5"));

        NeuralState s2 = step.apply(folded("s2", 2, s1), view("item-6"));

        assertThat(s2).isEqualTo(state(v1, "s2", List.of("item-6"), 1, steps(v1, 6)));
        assertThat(count(NeuralMetrics.SESSION_RESETS)).isEqualTo(1.0);
    }

    @Test
    void shouldRestartFromZeroOnANewSessionEvenWhenItsFirstItemIsUnknownSoNoOldSessionVectorSurvives() {
        NeuralState s1 = step.apply(folded("s1", 1, null), view("item-4"));

        NeuralState s2 = step.apply(folded("s2", 2, s1), view("not-in-vocabulary"));

        assertThat(s2).isEqualTo(state(v1, "s2", List.of(), 0, v1.lstm().initialState()));
        assertThat(s2.h()).containsOnly(0f);
    }

    @Test
    void shouldTellUnkeyedSessionsApartByTheirOrdinal() {
        NeuralState first = step.apply(folded(null, 1, null), view("item-4"));
        NeuralState sameSession = step.apply(folded(null, 1, first), view("item-5"));
        NeuralState afterGap = step.apply(folded(null, 2, sameSession), view("item-6"));

        assertThat(sameSession).isEqualTo(state(v1, "#1", List.of("item-4", "item-5"), 2, steps(v1, 4, 5)));
        assertThat(afterGap).isEqualTo(state(v1, "#2", List.of("item-6"), 1, steps(v1, 6)));
    }

    @Test
    void shouldReplayTheSessionUnderANewModelVersionBeforeStepping() {
        NeuralState underV1 = step.apply(folded("s1", 1, null), view("item-4"));
        underV1 = step.apply(folded("s1", 1, underV1), view("item-9"));
        NeuralProfileStep withV2 = new NeuralProfileStep(ModelRegistry.fixed(v2), 3, new NeuralMetrics(meters));

        NeuralState underV2 = withV2.apply(folded("s1", 1, underV1), view("item-2"));

        assertThat(underV2).isEqualTo(state(v2, "s1", List.of("item-4", "item-9", "item-2"), 3, steps(v2, 4, 9, 2)));
        assertThat(count(NeuralMetrics.MIGRATIONS)).isEqualTo(1.0);
    }

    @Test
    void shouldMigrateToTheNewVersionEvenWhenTheEventAddsNoStep() {
        NeuralState underV1 = step.apply(folded("s1", 1, null), view("item-4"));
        NeuralProfileStep withV2 = new NeuralProfileStep(ModelRegistry.fixed(v2), 3, new NeuralMetrics(meters));

        NeuralState underV2 = withV2.apply(folded("s1", 1, underV1), event(SEARCH, T0).build());

        assertThat(underV2).isEqualTo(state(v2, "s1", List.of("item-4"), 1, steps(v2, 4)));
    }

    @Test
    void shouldNotMigrateAStateWhoseSessionIsOverAnyway() {
        NeuralState underV1 = step.apply(folded("s1", 1, null), view("item-4"));
        NeuralProfileStep withV2 = new NeuralProfileStep(ModelRegistry.fixed(v2), 3, new NeuralMetrics(meters));

        NeuralState underV2 = withV2.apply(folded("s2", 2, underV1), view("item-5"));

        assertThat(underV2).isEqualTo(state(v2, "s2", List.of("item-5"), 1, steps(v2, 5)));
        assertThat(count(NeuralMetrics.MIGRATIONS)).isZero();
    }

    @Test
    void shouldLeaveTheStateAsItIsWhileNoModelIsLoaded(@TempDir Path emptyModelsDir) {
        NeuralState stored = step.apply(folded("s1", 1, null), view("item-4"));
        NeuralProfileStep noModel = new NeuralProfileStep(new ModelRegistry(emptyModelsDir, ServingModels::load), 3,
                new NeuralMetrics(meters));

        assertThat(noModel.apply(folded("s2", 2, stored), view("item-5"))).isSameAs(stored);
        assertThat(noModel.apply(folded("s1", 1, null), view("item-5"))).isNull();
        assertThat(count(NeuralMetrics.SKIPPED, "reason", NeuralMetrics.NO_MODEL)).isEqualTo(2.0);
    }

    @Test
    void shouldPassTheStateThroughWhenDisabled() {
        NeuralState stored = step.apply(folded("s1", 1, null), view("item-4"));

        assertThat(NeuralStep.disabled().apply(folded("s2", 2, stored), view("item-5"))).isSameAs(stored);
    }

    @Test
    void shouldRefuseACapBelowOne() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new NeuralProfileStep(ModelRegistry.fixed(v1), 0, new NeuralMetrics(meters)))
                .withMessage("sessionItemsCap must be at least 1, was 0");
    }
}
