package io.profilestream.recommender;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.profilestream.ml.serving.ModelRegistry;
import io.profilestream.ml.testing.TestModels;
import io.profilestream.model.streams.ManagedKafkaStreams;
import java.nio.file.Path;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The application with {@code profilestream.model.required-for-readiness=true} over an empty
 * models directory: not ready, though Kafka Streams runs, until a model has loaded; alive all along.
 */
// A real server: the actuator is on the management port, in a context of its own (ManagementMockMvc).
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.profiles.active=local",
        "profilestream.kafka.bootstrap-servers=127.0.0.1:9",
        "profilestream.streams.state-dir=${java.io.tmpdir}/recommender-readiness-model-required-test",
        "profilestream.model.poll-interval=1h",
        "profilestream.model.required-for-readiness=true"})
@AutoConfigureMockMvc
@Import(ManagementMockMvc.class)
class RecommenderReadinessModelRequiredTest {

    @TempDir
    static Path models;

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

    @Test
    void shouldBecomeReadyOnlyOnceAModelIsLoaded() throws Exception {
        KafkaStreams client = mock(KafkaStreams.class);
        when(streams.isRunning()).thenReturn(true);
        when(streams.streams()).thenReturn(client);
        when(client.state()).thenReturn(KafkaStreams.State.RUNNING);

        management.mvc().perform(get("/actuator/health/readiness"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.status").value("OUT_OF_SERVICE"))
                .andExpect(jsonPath("$.components.kafkaStreams.status").value("UP"))
                .andExpect(jsonPath("$.components.model.status").value("OUT_OF_SERVICE"))
                .andExpect(jsonPath("$.components.model.details.status").value("none"));
        management.mvc().perform(get("/actuator/health/liveness"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"));

        TestModels.exportRandom(models, "2025-03-01", 20, 4, 8, 1L);
        registry.scan();

        management.mvc().perform(get("/actuator/health/readiness"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"))
                .andExpect(jsonPath("$.components.model.status").value("UP"))
                .andExpect(jsonPath("$.components.model.details.version").value("2025-03-01"));
        management.mvc().perform(get("/actuator/health")).andExpect(status().isOk());
    }
}
