package io.profilestream.localstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.localstack.chaos.ChaosPlan.Fault;
import io.profilestream.localstack.chaos.ChaosPlan.Kind;
import io.profilestream.localstack.chaos.ProfileComparison.Outcome;
import io.profilestream.localstack.chaos.ProfileComparison.UserResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChaosReportTest {

    private static final List<Fault> PLANNED = List.of(new Fault(1, Kind.KILL, "privacy-filter", 100, Duration.ofSeconds(1)),
            new Fault(2, Kind.BROKER_RESTART, "kafka", 200, Duration.ofSeconds(2)),
            new Fault(3, Kind.KILL, "privacy-filter", 300, Duration.ofSeconds(1)));

    private static FaultInjector.Performed done(Fault f, String error) {
        return new FaultInjector.Performed(f.index(), f.kind(), f.target(), "SIGKILL", 1.5, f.atEvent(), 1000, 9000, error);
    }

    private static UserResult result(String user, Outcome outcome, double lstm) {
        return new UserResult(user, outcome, 5, outcome == Outcome.LOST ? 4 : outcome == Outcome.DOUBLED ? 6 : 5,
                outcome == Outcome.IDENTICAL ? List.of() : List.of("eventCount: differs"), lstm);
    }

    @Test
    void shouldTallyUsersByOutcomeWithTheLargestLstmDifference() {
        ChaosReport.Tally t = ChaosReport.Tally.of(List.of(result("a", Outcome.IDENTICAL, 2e-7), result("b", Outcome.LOST, 0),
                result("c", Outcome.DOUBLED, 0), result("d", Outcome.MISMATCH, 3e-6), result("e", Outcome.IDENTICAL, 0)), 4);

        assertThat(t).isEqualTo(new ChaosReport.Tally(5, 2, 1, 1, 1, 4, 3e-6, List.of(
                "b: LOST (5 -> 4 events): eventCount: differs",
                "c: DOUBLED (5 -> 6 events): eventCount: differs",
                "d: MISMATCH (5 -> 5 events): eventCount: differs")));
        assertThat(t.clean()).isFalse();
    }

    @Test
    void shouldPassOnlyWithEveryFaultDoneAndEveryUserIdentical() {
        ChaosReport.Tally clean = ChaosReport.Tally.of(List.of(result("a", Outcome.IDENTICAL, 0)), 1);
        List<FaultInjector.Performed> all = PLANNED.stream().map(f -> done(f, null)).toList();

        assertThat(ChaosReport.failures(PLANNED, all, List.of(), clean, clean)).isEmpty();
        assertThat(ChaosReport.killsPerService(all)).containsExactly(Map.entry("privacy-filter", 2L));
    }

    @Test
    void shouldNameEveryReasonForFailing() {
        ChaosReport.Tally clean = ChaosReport.Tally.of(List.of(result("a", Outcome.IDENTICAL, 0)), 1);
        ChaosReport.Tally bad = ChaosReport.Tally.of(List.of(result("a", Outcome.LOST, 0), result("b", Outcome.DOUBLED, 0),
                result("c", Outcome.MISMATCH, 0), result("d", Outcome.MISMATCH, 0)), 0);
        List<FaultInjector.Performed> partly = List.of(done(PLANNED.get(0), null), done(PLANNED.get(1), "broker not ready"));

        assertThat(ChaosReport.failures(PLANNED, partly, List.of("recommender-service was found dead"), bad, bad))
                .containsExactly("1 of 3 planned faults completed", "1 unplanned process deaths",
                        "the fault-free reference differs from the generated events for 4 users", "1 users lost events",
                        "1 users have doubled events", "2 users have another profile");
        assertThat(ChaosReport.killsPerService(partly)).containsExactly(Map.entry("privacy-filter", 1L));
        assertThat(ChaosReport.failures(PLANNED, partly, List.of(), clean, clean)).containsExactly("1 of 3 planned faults completed");
    }
}
