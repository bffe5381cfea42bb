package io.profilestream.localstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.localstack.fleet.ServiceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fault-injection harness of {@code profilestream-local chaos}, small: 4,000 events replayed
 * once without faults and once while each of the four services is SIGKILLed once and restarted on
 * its state and the broker is SIGKILLed and restarted on its data, on a real broker; every user's
 * profile must come out the same.
 */
class ChaosIT {

    private static final List<String> SERVICES = ServiceSpec.FLEET.stream().map(ServiceSpec::module).toList();

    @Test
    void shouldLoseDoubleAndChangeNothingWhenServicesAreKilledAndTheBrokerRestartsMidStream() throws Exception {
        Path home = Path.of(System.getProperty("profilestream.home", "..")).toAbsolutePath().normalize();
        // Every service is killed once: a recommender that could not restart after a SIGKILL (its
        // global store) slipped through while only some were.
        ChaosSettings settings = new ChaosSettings(4000, 80, 300, 11, SERVICES.size(), 1, FaultInjector.BrokerStop.KILL,
                SERVICES, Duration.ofMillis(300), Duration.ofMillis(2000), 0, 2, 50, 2,
                Files.createTempDirectory("chaos-it"), null);

        ChaosReport report = ChaosRun.run(home, settings, System.out);
        report.print(System.out);

        assertThat(report.planned()).isEqualTo(settings.plan(SERVICES).faults());
        assertThat(report.performed()).hasSize(SERVICES.size() + 1).allSatisfy(p -> assertThat(p.error()).isNull());
        assertThat(report.performed().stream().filter(p -> p.kind() == ChaosPlan.Kind.BROKER_RESTART).count()).isEqualTo(1);
        assertThat(report.killsPerService()).containsOnlyKeys(SERVICES).allSatisfy((service, kills) -> assertThat(kills).isEqualTo(1L));
        assertThat(report.unplanned()).isEmpty();
        assertThat(report.chaosSender().accepted()).isEqualTo(4000);
        assertThat(report.chaosSender().rejected()).isZero();
        assertThat(report.referenceVsTruth().identical()).isEqualTo(report.referenceVsTruth().users());
        ChaosReport.Tally tally = report.chaosVsReference();
        assertThat(tally.firstDiffs()).isEmpty();
        assertThat(List.of(tally.lost(), tally.doubled(), tally.mismatched())).containsExactly(0, 0, 0);
        assertThat(tally.identical()).isEqualTo(tally.users()).isEqualTo(report.referenceVsTruth().users()).isPositive();
        assertThat(tally.withNeural()).isPositive();
        assertThat(tally.maxLstmDiff()).isLessThanOrEqualTo(ProfileComparison.LSTM_TOLERANCE);
        assertThat(report.passed()).isTrue();
    }
}
