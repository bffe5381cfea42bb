package io.profilestream.model.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** {@code profilestream.dp.*} bound from environment variables as the services bind it. */
class DifferentialPrivacyPropertiesTest {

    private static DifferentialPrivacyProperties bind(Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                "test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        return Binder.get(environment).bindOrCreate("profilestream.dp", DifferentialPrivacyProperties.class);
    }

    @Test
    void shouldDefaultToAnInMemoryBudgetOfOnePerDayWithReleasesOfOneTenth() {
        DifferentialPrivacyProperties dp = bind(Map.of());

        assertThat(dp).isEqualTo(new DifferentialPrivacyProperties(1.0, Duration.ofDays(1), "", 0.1));
        assertThat(dp.persistent()).isFalse();
    }

    @Test
    void shouldBindEveryPropertyFromTheEnvironment() {
        DifferentialPrivacyProperties dp = bind(Map.of(
                "PROFILESTREAM_DP_BUDGETEPSILON", "2.5",
                "PROFILESTREAM_DP_PERIOD", "12h",
                "PROFILESTREAM_DP_LEDGERFILE", "/var/lib/profilestream/dp-ledger.jsonl",
                "PROFILESTREAM_DP_DEFAULTEPSILON", "0.25"));

        assertThat(dp).isEqualTo(new DifferentialPrivacyProperties(2.5, Duration.ofHours(12),
                "/var/lib/profilestream/dp-ledger.jsonl", 0.25));
        assertThat(dp.persistent()).isTrue();
    }

    @Test
    void shouldRefuseADefaultEpsilonAboveTheBudget() {
        assertThatThrownBy(() -> bind(Map.of("PROFILESTREAM_DP_BUDGETEPSILON", "0.5", "PROFILESTREAM_DP_DEFAULTEPSILON", "0.8")))
                .rootCause().isInstanceOf(IllegalArgumentException.class)
                .hasMessage("profilestream.dp.default-epsilon must be in (0, 0.5] (profilestream.dp.budget-epsilon), got 0.8");
    }

    @Test
    void shouldRefuseANonPositiveBudgetAndAPeriodUnderOneSecond() {
        assertThatThrownBy(() -> new DifferentialPrivacyProperties(0, Duration.ofDays(1), "", 0.1))
                .hasMessage("profilestream.dp.budget-epsilon must be a positive number, got 0.0");
        assertThatThrownBy(() -> new DifferentialPrivacyProperties(1, Duration.ofMillis(500), "", 0.1))
                .hasMessage("profilestream.dp.period must be at least 1s, got PT0.5S");
    }
}
