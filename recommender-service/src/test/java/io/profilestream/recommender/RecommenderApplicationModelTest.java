package io.profilestream.recommender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.profilestream.ml.serving.ModelRegistry;
import io.profilestream.ml.serving.ServingModel;
import io.profilestream.ml.testing.TestModels;
import io.profilestream.model.streams.ManagedKafkaStreams;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The application started with {@code profilestream.model.dir}: the newest exported version is
 * loaded before the first request, and health and metrics name it.
 */
// A real server: the actuator is on the management port, in a context of its own (ManagementMockMvc).
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.profiles.active=local",
        "profilestream.kafka.bootstrap-servers=127.0.0.1:9",
        "profilestream.streams.state-dir=${java.io.tmpdir}/recommender-application-model-test",
        "profilestream.model.poll-interval=1h"})
@AutoConfigureMockMvc
@Import(ManagementMockMvc.class)
@AutoConfigureObservability(tracing = false)
class RecommenderApplicationModelTest {

    @TempDir
    static Path models;

    @BeforeAll
    static void exportModels() throws IOException {
        TestModels.exportRandom(models, "2025-01-01", 20, 4, 8, 1L);
        TestModels.exportRandom(models, "2025-02-01", 20, 4, 8, 2L);
    }

    @DynamicPropertySource
    static void modelDir(DynamicPropertyRegistry registry) {
        registry.add("profilestream.model.dir", () -> models.toString());
    }

    @MockitoBean
    ManagedKafkaStreams streams;

    @Autowired
    MockMvc mvc;
    @Autowired
    ManagementMockMvc management;
    @Autowired
    ModelRegistry registry;

    @BeforeEach
    void notStarted() {
        when(streams.streams()).thenThrow(new IllegalStateException("Kafka Streams is not running"));
    }

    @Test
    void shouldLoadTheNewestVersionAtStartUp() {
        assertThat(registry.current().map(ServingModel::version)).contains("2025-02-01");
    }

    @Test
    void shouldShowTheServedVersionInHealthAndMetrics() throws Exception {
        management.mvc().perform(get("/actuator/health"))
                .andExpect(jsonPath("$.components.model.status").value("UP"))
                .andExpect(jsonPath("$.components.model.details.version").value("2025-02-01"))
                .andExpect(jsonPath("$.components.model.details.dir").value(models.toString()));
        String scrape = management.mvc().perform(get("/actuator/prometheus"))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();

        assertThat(scrape).contains("profilestream_model_loaded{application=\"recommender-service\",version=\"2025-02-01\"} 1.0",
                "profilestream_model_events_total{application=\"recommender-service\",outcome=\"loaded\"} 1.0",
                "profilestream_model_events_total{application=\"recommender-service\",outcome=\"refused\"} 0.0");
    }
}
