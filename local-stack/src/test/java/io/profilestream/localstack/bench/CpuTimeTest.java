package io.profilestream.localstack.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class CpuTimeTest {

    @Test
    void shouldGiveEachProcessesCpuMicrosecondsPerEvent() {
        CpuTime start = new CpuTime(Duration.ofMillis(1_000), Duration.ofMillis(400), Duration.ofMillis(100));
        CpuTime end = new CpuTime(Duration.ofMillis(18_000), Duration.ofMillis(5_400), Duration.ofMillis(2_100));

        assertThat(end.microsPerEventSince(start, 200_000)).containsExactly(85.0, 25.0, 10.0);
    }

    @Test
    void shouldGiveNaNForAProcessWhoseCpuTimeIsNotReported() {
        CpuTime start = new CpuTime(Duration.ofMillis(1_000), null, null);
        CpuTime end = new CpuTime(Duration.ofMillis(3_000), null, null);

        double[] perEvent = end.microsPerEventSince(start, 1_000);

        assertThat(perEvent[0]).isEqualTo(2_000.0);
        assertThat(perEvent[1]).isNaN();
        assertThat(perEvent[2]).isNaN();
    }

    @Test
    void shouldReadThisJvmsCpuTimeAndNoBrokersWhenThereIsNone() {
        CpuTime now = CpuTime.now(Optional.empty());

        assertThat(now.bench()).isPositive();
        assertThat(now.broker()).isNull();
        assertThat(now.brokerKernel()).isNull();
    }

    @Test
    void shouldReadTheSystemTimeAfterACommandNameWithSpacesAndParentheses() {
        // Fields 14 and 15 (utime 1234, stime 567 ticks of 10 ms), as Linux 6.1 writes them.
        String stat = "4242 (java (kafka) x) S 1 4242 4242 0 -1 4194560 91827 0 12 0 1234 567 0 0 20 0 93 0 1800 "
                + "3872440320 123456 18446744073709551615 1 1 0 0 0 0 0 4096 16796879 0 0 0 17 1 0 0 0 0 0";

        assertThat(CpuTime.systemTime(stat)).isEqualTo(Duration.ofMillis(5_670));
    }

    @Test
    void shouldRefuseALineWithoutACommandName() {
        assertThatThrownBy(() -> CpuTime.systemTime("4242 java S 1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a /proc/PID/stat line: 4242 java S 1");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void shouldReadAProcesssKernelTimeAsPartOfItsCpuTime() {
        CpuTime now = CpuTime.now(Optional.of(ProcessHandle.current()));

        assertThat(now.brokerKernel()).isNotNull();
        assertThat(now.brokerKernel()).isLessThanOrEqualTo(now.broker());
    }
}
