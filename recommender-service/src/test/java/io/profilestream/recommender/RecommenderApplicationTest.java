package io.profilestream.recommender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.profilestream.model.catalogue.CatalogueItem;
import io.profilestream.model.config.StreamsProperties;
import io.profilestream.model.crypto.UserDataCipher;
import io.profilestream.model.security.LocalDevelopmentKeys;
import io.profilestream.model.streams.ManagedKafkaStreams;
import io.profilestream.recommender.catalogue.CatalogueIndex;
import io.profilestream.ml.serving.ModelRegistry;
import io.profilestream.recommender.config.ModelSettings;
import io.profilestream.recommender.config.RecommenderSettings;
import io.profilestream.recommender.demand.CategoryReleaseSchedule;
import io.profilestream.recommender.demand.DemandSettings;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The whole application context under the {@code local} profile, with only the Kafka Streams
 * lifecycle replaced (there is no broker in unit tests): wiring, application.yml defaults,
 * the {@code kafkaStreams} health component and the not-started answer.
 */
// A real server: the actuator is on the management port, in a context of its own (ManagementMockMvc).
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.profiles.active=local",
        "profilestream.kafka.bootstrap-servers=127.0.0.1:9",
        "profilestream.streams.state-dir=${java.io.tmpdir}/recommender-application-test"})
@AutoConfigureMockMvc
@Import(ManagementMockMvc.class)
@AutoConfigureObservability(tracing = false)
class RecommenderApplicationTest {

    @MockitoBean
    ManagedKafkaStreams streams;

    @Autowired
    MockMvc mvc;
    @Autowired
    ManagementMockMvc management;
    @Autowired
    Environment environment;
    @Autowired
    RecommenderSettings settings;
    @Autowired
    StreamsProperties streamsProperties;
    @Autowired
    Topology topology;
    @Autowired
    CatalogueIndex index;
    @Autowired
    ModelSettings modelSettings;
    @Autowired
    ModelRegistry models;
    @Autowired
    UserDataCipher cipher;
    @Autowired
    DemandSettings demandSettings;
    @Autowired
    CategoryReleaseSchedule categoryReleases;

    @BeforeEach
    void notStarted() {
        when(streams.streams()).thenThrow(new IllegalStateException("Kafka Streams is not running"));
    }

    @Test
    void shouldBindApplicationYmlToTheDocumentedDefaults() {
        assertThat(settings).isEqualTo(RecommenderSettings.defaults());
        // The test runs on random ports: the defaults are read from application.yml itself.
        PropertySource<?> yml = ((ConfigurableEnvironment) environment).getPropertySources().stream()
                .filter(source -> source.getName().contains("[application.yml]")).findFirst().orElseThrow();
        assertThat(String.valueOf(yml.getProperty("server.port"))).isEqualTo("8084");
        assertThat(String.valueOf(yml.getProperty("management.server.port"))).isEqualTo("9084");
        assertThat(environment.getProperty("management.server.address")).isEqualTo("127.0.0.1");
        assertThat(environment.getProperty("server.address")).isEqualTo("127.0.0.1");
        assertThat(environment.getProperty("profilestream.streams.application-id")).isEqualTo("recommender-service");
        assertThat(environment.getProperty("profilestream.streams.state-dir")).endsWith("/recommender-application-test");
        assertThat(streamsProperties.commitInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(index.halfLife()).isEqualTo(settings.popularityHalfLife());
        assertThat(topology.describe().globalStores()).hasSize(1);
        // No master key configured: the local profile's development key, under the default id.
        assertThat(cipher.masterKeyId()).isEqualTo("m1");
        assertThat(environment.getProperty("management.endpoints.web.exposure.include"))
                .isEqualTo("health,info,prometheus");
    }

    @Test
    void shouldRunWithoutAModelWhenNoModelDirectoryIsConfigured() throws Exception {
        assertThat(modelSettings).isEqualTo(new ModelSettings(null, Duration.ofSeconds(5), ModelSettings.Retrieval.QUANTIZED, 1000, 0.15, false));
        assertThat(models.current()).isEmpty();
        management.mvc().perform(get("/actuator/health"))
                .andExpect(jsonPath("$.components.model.status").value("UP"))
                .andExpect(jsonPath("$.components.model.details.version").value("none"))
                .andExpect(jsonPath("$.components.model.details.dir").value("not configured"));
    }

    @Test
    void shouldExposeRecommenderMetricsForPrometheus() throws Exception {
        String scrape = management.mvc().perform(get("/actuator/prometheus"))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();

        assertThat(scrape).contains("profilestream_model_events_total{application=\"recommender-service\",outcome=\"loaded\"} 0.0",
                "profilestream_model_events_total{application=\"recommender-service\",outcome=\"refused\"} 0.0",
                "profilestream_impressions_dropped_total{application=\"recommender-service\"} 0.0",
                "profilestream_sealed_unreadable_total{application=\"recommender-service\",data=\"profile\",reason=\"no-key\"} 0.0",
                "profilestream_sealed_unreadable_total{application=\"recommender-service\",data=\"shown-items\",reason=\"undecryptable\"} 0.0");
    }

    @Test
    void shouldPublishLatencyHistogramsForPrometheus() throws Exception {
        mvc.perform(get("/v1/items/i1").header(LocalDevelopmentKeys.HEADER, LocalDevelopmentKeys.READER))
                .andExpect(status().isServiceUnavailable());

        String scrape = management.mvc().perform(get("/actuator/prometheus"))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();

        // Buckets (le="...") are what histogram_quantile aggregates across instances.
        assertThat(scrape).contains(
                "profilestream_pipeline_latency_seconds_count{application=\"recommender-service\",stage=\"recommender\"} 0",
                "profilestream_pipeline_latency_seconds_bucket{application=\"recommender-service\",stage=\"recommender\",le=\"+Inf\"} 0",
                "profilestream_recommendations_inference_seconds_bucket{application=\"recommender-service\",part=\"retrieval\",le=\"+Inf\"} 0",
                "profilestream_recommendations_inference_seconds_bucket{application=\"recommender-service\",part=\"ranking\",le=\"+Inf\"} 0");
        // Other test classes share this context, so the request count is at least the one above.
        assertThat(scrape).containsPattern("http_server_requests_seconds_bucket\\{application=\"recommender-service\","
                + "error=\"none\",exception=\"none\",method=\"GET\",outcome=\"SERVER_ERROR\",status=\"503\","
                + "uri=\"/v1/items/\\{itemId}\",le=\"0\\.001\"} \\d+\n");
    }

    @Test
    void shouldBeAliveBeforeKafkaStreamsRuns() throws Exception {
        management.mvc().perform(get("/actuator/health/liveness"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"))
                .andExpect(jsonPath("$.components.length()").value(2))
                .andExpect(jsonPath("$.components.livenessState.status").value("UP"))
                .andExpect(jsonPath("$.components.kafkaStreamsAlive.status").value("UP"))
                .andExpect(jsonPath("$.components.kafkaStreamsAlive.details.state").value("NOT_STARTED"));
    }

    @Test
    void shouldNotBeReadyBeforeKafkaStreamsRuns() throws Exception {
        management.mvc().perform(get("/actuator/health/readiness"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.status").value("DOWN"))
                .andExpect(jsonPath("$.components.length()").value(3))
                .andExpect(jsonPath("$.components.readinessState.status").value("UP"))
                .andExpect(jsonPath("$.components.kafkaStreams.status").value("DOWN"))
                .andExpect(jsonPath("$.components.model.status").value("UP"))
                .andExpect(jsonPath("$.components.model.details.status").value("none"));
    }

    @Test
    void shouldBeReadyWhileKafkaStreamsRunsAndNotWhileItRebalances() throws Exception {
        KafkaStreams client = mock(KafkaStreams.class);
        reset(streams);
        when(streams.isRunning()).thenReturn(true);
        when(streams.streams()).thenReturn(client);
        when(client.state()).thenReturn(KafkaStreams.State.RUNNING);

        management.mvc().perform(get("/actuator/health/readiness"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"))
                .andExpect(jsonPath("$.components.kafkaStreams.details.state").value("RUNNING"));
        management.mvc().perform(get("/actuator/health")).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("UP"));

        when(client.state()).thenReturn(KafkaStreams.State.REBALANCING);
        management.mvc().perform(get("/actuator/health/readiness"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.components.kafkaStreams.details.state").value("REBALANCING"));
        management.mvc().perform(get("/actuator/health/liveness"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.components.kafkaStreamsAlive.details.state").value("REBALANCING"));

        when(client.state()).thenReturn(KafkaStreams.State.ERROR);
        management.mvc().perform(get("/actuator/health/liveness"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.status").value("DOWN"))
                .andExpect(jsonPath("$.components.kafkaStreamsAlive.status").value("DOWN"))
                .andExpect(jsonPath("$.components.kafkaStreamsAlive.details.state").value("ERROR"));
    }

    @Test
    void shouldReportKafkaStreamsDownBeforeItRuns() throws Exception {
        management.mvc().perform(get("/actuator/health"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.status").value("DOWN"))
                .andExpect(jsonPath("$.components.kafkaStreams.status").value("DOWN"))
                .andExpect(jsonPath("$.components.kafkaStreams.details.state").value("NOT_STARTED"));
    }

    @Test
    void shouldBindTheDemandSettingsToTheDocumentedDefaults() {
        assertThat(demandSettings).isEqualTo(DemandSettings.defaults());
    }

    @Test
    void shouldReleaseCategoriesHourlyWithTheDailyBudgetOverTwentyFourHours() {
        assertThat(categoryReleases.epsilon()).isEqualTo(1.0 / 24);
    }

    @Test
    void shouldAnswerDemandOfACataloguedCategoryWith503UntilTheStoresCanBeQueried() throws Exception {
        index.upsert(new CatalogueItem("demand-test-item", "demand-test-phones", null, null, null, true, 0, null, 0, 0, 0));
        try {
            mvc.perform(get("/v1/demand/categories/demand-test-phones")
                            .header(LocalDevelopmentKeys.HEADER, LocalDevelopmentKeys.READER))
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(header().string("Retry-After", "1"))
                    .andExpect(jsonPath("$.type").value("urn:profilestream:problem:store-unavailable"))
                    .andExpect(jsonPath("$.detail").value("Kafka Streams has not started yet"));
        } finally {
            index.remove("demand-test-item");
        }
    }

    @Test
    void shouldDecideWhetherACategoryIsKnownOnTheCatalogueWithDifferentialPrivacy() throws Exception {
        // Not from the counts, which would tell whether anyone produced demand: no store is read.
        assertThat(demandSettings.differentialPrivacy()).isTrue();
        mvc.perform(get("/v1/demand/categories/not-in-the-catalogue")
                        .header(LocalDevelopmentKeys.HEADER, LocalDevelopmentKeys.READER))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("urn:profilestream:problem:demand-not-found"));
    }

    @Test
    void shouldAnswer503UntilTheStoresCanBeQueried() throws Exception {
        mvc.perform(get("/v1/recommendations/alice").header(LocalDevelopmentKeys.HEADER, LocalDevelopmentKeys.READER))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(jsonPath("$.type").value("urn:profilestream:problem:store-unavailable"))
                .andExpect(jsonPath("$.detail").value("Kafka Streams has not started yet"));
    }
}
