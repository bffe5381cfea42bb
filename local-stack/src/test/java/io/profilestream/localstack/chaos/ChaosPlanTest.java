package io.profilestream.localstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.profilestream.localstack.chaos.ChaosPlan.Fault;
import io.profilestream.localstack.chaos.ChaosPlan.Kind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChaosPlanTest {

    private static final List<String> SERVICES = List.of("ingest-service", "privacy-filter", "profile-updater",
            "recommender-service");
    private static final Duration MIN = Duration.ofMillis(500);
    private static final Duration MAX = Duration.ofMillis(5000);

    private static ChaosPlan plan(long seed, long events, int kills, int restarts, List<String> cover) {
        return ChaosPlan.random(seed, events, kills, restarts, SERVICES, cover, MIN, MAX);
    }

    @Test
    void shouldDrawTheSamePlanFromTheSameSeed() {
        assertThat(plan(7, 200_000, 8, 2, SERVICES)).isEqualTo(plan(7, 200_000, 8, 2, SERVICES));
        assertThat(plan(7, 200_000, 8, 2, SERVICES)).isNotEqualTo(plan(8, 200_000, 8, 2, SERVICES));
    }

    @Test
    void shouldPlanTheRequestedNumberOfKillsAndBrokerRestarts() {
        ChaosPlan plan = plan(7, 200_000, 8, 2, SERVICES);

        assertThat(plan.faults()).hasSize(10);
        assertThat(plan.count(Kind.KILL)).isEqualTo(8);
        assertThat(plan.count(Kind.BROKER_RESTART)).isEqualTo(2);
        assertThat(plan.faults()).extracting(Fault::index).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(plan.faults()).filteredOn(f -> f.kind() == Kind.BROKER_RESTART).extracting(Fault::target)
                .containsExactly("kafka", "kafka");
    }

    @Test
    void shouldPlaceFaultsInStreamOrderBetweenFiveAndNinetyPercentOfTheEvents() {
        ChaosPlan plan = plan(3, 10_000, 20, 5, SERVICES);

        List<Long> moments = plan.faults().stream().map(Fault::atEvent).toList();
        assertThat(moments).isSorted().doesNotHaveDuplicates().allSatisfy(m -> assertThat(m).isBetween(500L, 9000L));
        assertThat(plan.faults()).allSatisfy(f -> assertThat(f.down()).isBetween(MIN, MAX));
    }

    @Test
    void shouldKillEveryCoveredServiceBeforeAnyServiceIsKilledTwice() {
        for (long seed = 0; seed < 50; seed++) {
            ChaosPlan plan = plan(seed, 4000, 3, 1, List.of("profile-updater", "privacy-filter"));

            List<String> killed = plan.faults().stream().filter(f -> f.kind() == Kind.KILL).map(Fault::target).toList();
            assertThat(killed).hasSize(3);
            assertThat(killed.subList(0, 2)).containsExactlyInAnyOrder("profile-updater", "privacy-filter");
            assertThat(SERVICES).contains(killed.get(2));
        }
    }

    @Test
    void shouldKillEachOfTheFourServicesWithEightKillsCoveringAll() {
        ChaosPlan plan = plan(7, 200_000, 8, 2, SERVICES);

        for (String service : SERVICES) {
            assertThat(plan.kills(service)).as(service).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void shouldPlanNothingWithoutFaults() {
        assertThat(plan(1, 1000, 0, 0, List.of()).faults()).isEmpty();
    }

    @Test
    void shouldRefuseImpossiblePlans() {
        assertThatThrownBy(() -> plan(1, 10, 8, 2, SERVICES)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("10 events are too few for 10 faults");
        assertThatThrownBy(() -> plan(1, 1000, 1, 0, List.of("nope"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cover [nope] names a service not in " + SERVICES);
        assertThatThrownBy(() -> ChaosPlan.random(1, 1000, 1, 0, SERVICES, List.of(), MAX, MIN))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxDown PT0.5S is shorter than minDown PT5S");
    }
}
