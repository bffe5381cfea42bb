package io.profilestream.profileupdater;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole application wired as in production, against a broker address nothing listens on:
 * Kafka Streams never reaches RUNNING, so health must be DOWN and lookups 503.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// Tests switch metrics export off by default; the Prometheus endpoint is part of what is tested.
@AutoConfigureObservability(tracing = false)
class ProfileUpdaterApplicationTest {

    private static final String KEY = "ef".repeat(32);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        registry.add("profilestream.kafka.bootstrap-servers", () -> "127.0.0.1:" + closedPort);
        registry.add("profilestream.streams.processing-guarantee", () -> "at_least_once");
        registry.add("profilestream.streams.application-server", () -> "127.0.0.1:18083");
        // Not the local profile: production wiring refuses to start without a master key.
        registry.add("profilestream.encryption.master-key", () -> "application-test-master-key-0123456789");
    }

    @LocalServerPort
    private int port;

    @Autowired
    private ObjectMapper mapper;

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldReportKafkaStreamsDownUntilItRuns() throws Exception {
        HttpResponse<String> response = get("/actuator/health");

        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode health = mapper.readTree(response.body());
        assertThat(health.path("status").asText()).isEqualTo("DOWN");
        assertThat(health.path("components").path("kafkaStreams").path("status").asText()).isEqualTo("DOWN");
    }

    @Test
    void shouldAnswerLookupsWithRetryableProblemWhileStreamsIsNotRunning() throws Exception {
        HttpResponse<String> response = get("/v1/profiles/" + KEY);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).contains("1");
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(mapper.readTree(response.body()).path("type").asText()).isEqualTo("urn:profilestream:problem:profile-unavailable");
    }

    @Test
    void shouldReportTheModelComponentUpWithoutAModelSoExplicitFeaturesStayServed() throws Exception {
        JsonNode model = mapper.readTree(get("/actuator/health").body()).path("components").path("model");

        assertThat(model.path("status").asText()).isEqualTo("UP");
        assertThat(model.path("details").path("version").asText()).isEqualTo("none");
    }

    @Test
    void shouldExposeMetricsForPrometheusWithNoModelVersionWhileNoneIsConfigured() throws Exception {
        HttpResponse<String> response = get("/actuator/prometheus");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("jvm_memory_used_bytes").doesNotContain("profilestream_model_loaded");
    }

    @Test
    void shouldParseTheAdvertisedApplicationServer() {
        assertThat(ProfileUpdaterConfiguration.selfHostInfo("127.0.0.1:8083")).isEqualTo(new HostInfo("127.0.0.1", 8083));
        assertThat(ProfileUpdaterConfiguration.selfHostInfo(" ")).isNull();
        assertThat(ProfileUpdaterConfiguration.selfHostInfo("")).isNull();
    }
}
