package io.profilestream.localstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CpuTimeTest {

    @Test
    void shouldGiveEachProcessesCpuMicrosecondsPerEvent() {
        CpuTime start = new CpuTime(Duration.ofMillis(1_000), Duration.ofMillis(400));
        CpuTime end = new CpuTime(Duration.ofMillis(18_000), Duration.ofMillis(5_400));

        assertThat(end.microsPerEventSince(start, 200_000)).containsExactly(85.0, 25.0);
    }

    @Test
    void shouldGiveNaNForAProcessWhoseCpuTimeIsNotReported() {
        CpuTime start = new CpuTime(Duration.ofMillis(1_000), null);
        CpuTime end = new CpuTime(Duration.ofMillis(3_000), null);

        double[] perEvent = end.microsPerEventSince(start, 1_000);

        assertThat(perEvent[0]).isEqualTo(2_000.0);
        assertThat(perEvent[1]).isNaN();
    }

    @Test
    void shouldReadThisJvmsCpuTimeAndNoBrokersWhenThereIsNone() {
        CpuTime now = CpuTime.now(Optional.empty());

        assertThat(now.bench()).isPositive();
        assertThat(now.broker()).isNull();
    }
}
