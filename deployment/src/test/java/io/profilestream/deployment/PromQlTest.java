package io.profilestream.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The metric-name extraction GrafanaDashboardTest relies on. */
class PromQlTest {

    @Test
    void shouldFindTheHistogramOfAQuantileButNotItsLabelsFunctionsOrVariables() {
        assertThat(PromQl.metricNames("histogram_quantile(0.99, sum by (le, stage) "
                + "(rate(profilestream_pipeline_latency_seconds_bucket{application=~\"$application\"}[$__rate_interval])))"))
                .containsExactly("profilestream_pipeline_latency_seconds_bucket");
    }

    @Test
    void shouldFindBothSidesOfABinaryOperation() {
        assertThat(PromQl.metricNames("sum(rate(a_total{status=~\"5..\"}[5m])) / ignoring (status) sum(rate(b_seconds_count[5m])) > bool 0"))
                .containsExactly("a_total", "b_seconds_count");
    }

    @Test
    void shouldNotTakeLabelValuesDurationsOrOffsetsForMetrics() {
        assertThat(PromQl.metricNames("max without (instance) (up{job='rate'} offset 5m) and on (job) foo:recorded"))
                .containsExactly("foo:recorded", "up");
    }

    @Test
    void shouldFindTheMetricOfALabelValuesVariable() {
        assertThat(PromQl.labelValuesMetric("label_values(jvm_memory_used_bytes, application)")).containsExactly("jvm_memory_used_bytes");
        assertThat(PromQl.labelValuesMetric("prometheus")).isEmpty();
    }
}
