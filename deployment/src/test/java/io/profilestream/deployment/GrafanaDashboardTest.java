package io.profilestream.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** grafana/profilestream-dashboard.json queries only metrics the services export, through the Prometheus data source variable. */
class GrafanaDashboardTest {

    private static final Path DASHBOARD = Repo.path("grafana/profilestream-dashboard.json");

    /**
     * The series the dashboard may query: the Micrometer meters of the metrics catalogue (issue 7
     * brief) as Prometheus exposes them (dots become underscores, counters end in _total, timers in
     * _seconds_bucket/_count, base units are appended). This list is not derived from the
     * services; the lead also checks these names against live /actuator/prometheus scrapes of the
     * fleet (LocalFleetIT.shouldExportEverySeriesTheGrafanaDashboardQueries), which fails when a
     * listed name is not really exported.
     */
    static final Set<String> CATALOGUE = Set.of(
            "profilestream_ingest_events_total",                       // profilestream.ingest.events{outcome,reason}
            "profilestream_filter_events_total",                       // profilestream.filter.events{outcome,reason}
            "profilestream_pipeline_latency_seconds_bucket",           // profilestream.pipeline.latency{stage}
            "profilestream_neural_step_seconds_bucket",                // profilestream.neural.step
            "profilestream_model_loaded",                              // profilestream.model.loaded{version}
            "profilestream_recommendations_latency_seconds_bucket",    // profilestream.recommendations.latency{path}
            "profilestream_recommendations_inference_seconds_bucket",  // profilestream.recommendations.inference{part}
            "kafka_consumer_fetch_manager_records_lag_max",            // KafkaStreamsMetrics binder
            "http_server_requests_seconds_count",                      // http.server.requests
            "http_server_requests_seconds_bucket",                     // http.server.requests (percentile histogram)
            "jvm_memory_used_bytes",                                   // jvm.memory.used{area}
            "jvm_memory_max_bytes");                                   // jvm.memory.max{area}

    private final JsonNode dashboard = read();

    @Test
    void shouldQueryOnlyMetricsOfTheCatalogue() {
        assertThat(queriedMetrics()).isSubsetOf(CATALOGUE);
    }

    @Test
    void shouldShowEveryMetricOfTheCatalogue() {
        assertThat(queriedMetrics()).containsExactlyInAnyOrderElementsOf(CATALOGUE);
    }

    @Test
    void shouldSpellEveryCatalogueSeriesAsMicrometersPrometheusRegistryExposesItsMeter() {
        // Each meter registered with the type the services give it (counter, timer with percentile
        // histogram, gauge), then scraped: the catalogue's spelling is Micrometer's, not a guess.
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Counter.builder("profilestream.ingest.events").tags("outcome", "accepted", "reason", "none").register(registry).increment();
        Counter.builder("profilestream.filter.events").tags("outcome", "clean", "reason", "none").register(registry).increment();
        for (String timer : List.of("profilestream.pipeline.latency", "profilestream.neural.step", "profilestream.recommendations.latency",
                "profilestream.recommendations.inference", "http.server.requests")) {
            Timer.builder(timer).publishPercentileHistogram().register(registry).record(Duration.ofMillis(3));
        }
        Gauge.builder("profilestream.model.loaded", () -> 1).tag("version", "v1").register(registry);
        Gauge.builder("kafka.consumer.fetch.manager.records.lag.max", () -> 0).register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        Set<String> series = new TreeSet<>();
        registry.scrape().lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                .forEach(l -> series.add(l.split("[{ ]", 2)[0]));

        assertThat(series).containsAll(CATALOGUE);
    }

    @Test
    void shouldQueryThroughThePrometheusDataSourceVariable() {
        JsonNode datasource = variable("datasource");

        assertThat(datasource.path("type").asText()).isEqualTo("datasource");
        assertThat(datasource.path("query").asText()).isEqualTo("prometheus");
        for (JsonNode panel : panels()) {
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText()).isEqualTo("${datasource}");
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("datasource").path("uid").asText()).as(panel.path("title").asText()).isEqualTo("${datasource}");
                // Every query is filtered by the service variable, so picking a service narrows every panel.
                assertThat(target.path("expr").asText()).as(panel.path("title").asText()).contains("application=~\"$application\"");
            }
        }
    }

    @Test
    void shouldBeASchema39DashboardWithUniquePanelIdsAndRefIds() {
        List<Integer> ids = new ArrayList<>();
        for (JsonNode panel : panels()) {
            ids.add(panel.path("id").asInt());
            Set<String> refIds = new TreeSet<>();
            panel.path("targets").forEach(t -> assertThat(refIds.add(t.path("refId").asText())).as(panel.path("title").asText()).isTrue());
        }

        assertThat(dashboard.path("schemaVersion").asInt()).isEqualTo(39);
        assertThat(dashboard.path("uid").asText()).isEqualTo("profilestream");
        assertThat(ids).doesNotHaveDuplicates().doesNotContain(0);
    }

    private Set<String> queriedMetrics() {
        Set<String> metrics = new TreeSet<>();
        for (JsonNode panel : panels()) {
            panel.path("targets").forEach(t -> metrics.addAll(PromQl.metricNames(t.path("expr").asText())));
        }
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if (v.path("type").asText().equals("query")) {
                metrics.addAll(PromQl.labelValuesMetric(v.path("query").path("query").asText(v.path("query").asText())));
            }
        }
        return metrics;
    }

    private List<JsonNode> panels() {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            all.add(panel);
            panel.path("panels").forEach(all::add);
        }
        return all;
    }

    private JsonNode variable(String name) {
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        throw new AssertionError("no dashboard variable " + name);
    }

    private static JsonNode read() {
        try {
            return new ObjectMapper().readTree(DASHBOARD.toFile());
        } catch (IOException e) {
            throw new AssertionError("cannot read " + DASHBOARD, e);
        }
    }
}
