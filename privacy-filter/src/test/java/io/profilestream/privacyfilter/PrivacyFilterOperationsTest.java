package io.profilestream.privacyfilter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.profilestream.model.config.StreamsProperties;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole application under the {@code local} profile against a broker address nothing listens
 * on: Kafka Streams starts and keeps trying to join its group (REBALANCING), which is alive but
 * not ready. What operators probe and scrape is checked over real HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
// Tests switch metrics export off by default; the Prometheus endpoint is part of what is tested.
@AutoConfigureObservability(tracing = false)
class PrivacyFilterOperationsTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String stateDir = Files.createTempDirectory("privacy-filter-operations").toString();
        registry.add("profilestream.kafka.bootstrap-servers", () -> "127.0.0.1:" + closedPort);
        registry.add("profilestream.streams.processing-guarantee", () -> "at_least_once");
        registry.add("profilestream.streams.state-dir", () -> stateDir);
    }

    @LocalServerPort
    private int port;

    @LocalManagementPort
    private int managementPort;

    @Autowired
    private ObjectMapper mapper;

    @Autowired
    private StreamsProperties streamsProperties;

    /** GETs {@code path} from the management port, where the actuator endpoints are. */
    private HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        return get(managementPort, path, headers);
    }

    private HttpResponse<String> get(int toPort, String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + toPort + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> componentNames(JsonNode health) {
        List<String> names = new ArrayList<>();
        health.path("components").fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void shouldCommitEveryFiftyMillisecondsFromApplicationYml() {
        assertThat(streamsProperties.commitInterval()).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void shouldReportAliveWhileStreamsIsRebalancingSoTheProbeDoesNotRestartIt() throws Exception {
        HttpResponse<String> response = get("/actuator/health/liveness");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode liveness = mapper.readTree(response.body());
        assertThat(liveness.path("status").asText()).isEqualTo("UP");
        assertThat(componentNames(liveness)).containsExactly("kafkaStreamsAlive", "livenessState");
        assertThat(liveness.path("components").path("kafkaStreamsAlive").path("details").path("state").asText())
                .isEqualTo("REBALANCING");
    }

    @Test
    void shouldReportNotReadyUntilStreamsRuns() throws Exception {
        HttpResponse<String> response = get("/actuator/health/readiness");

        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode readiness = mapper.readTree(response.body());
        assertThat(readiness.path("status").asText()).isEqualTo("DOWN");
        assertThat(componentNames(readiness)).containsExactly("kafkaStreams", "readinessState");
        assertThat(readiness.path("components").path("kafkaStreams").path("status").asText()).isEqualTo("DOWN");
        assertThat(readiness.path("components").path("readinessState").path("status").asText()).isEqualTo("UP");
    }

    @Test
    void shouldKeepTheWholeHealthDownUntilStreamsRunsAsTheLocalStackExpects() throws Exception {
        HttpResponse<String> response = get("/actuator/health");

        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode health = mapper.readTree(response.body());
        assertThat(health.path("status").asText()).isEqualTo("DOWN");
        assertThat(health.path("components").path("kafkaStreams").path("status").asText()).isEqualTo("DOWN");
        assertThat(health.path("components").path("kafkaStreamsAlive").path("status").asText()).isEqualTo("UP");
    }

    @Test
    void shouldExposeEventCountsLatencyAndHttpHistogramsTaggedWithTheApplication() throws Exception {
        get("/actuator/health/liveness");

        HttpResponse<String> response = get("/actuator/prometheus");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("profilestream_filter_events_total{application=\"privacy-filter\",outcome=\"clean\",reason=\"none\"} 0.0")
                .contains("profilestream_filter_events_total{application=\"privacy-filter\",outcome=\"dropped\",reason=\"none\"} 0.0")
                .contains("profilestream_filter_events_total{application=\"privacy-filter\",outcome=\"dead_letter\","
                        + "reason=\"BOT_SUSPECTED\"} 0.0")
                .contains("profilestream_pipeline_latency_seconds_bucket{application=\"privacy-filter\","
                        + "stage=\"privacy-filter\",le=\"+Inf\"} 0")
                .contains("http_server_requests_seconds_bucket{application=\"privacy-filter\"");
    }

    @Test
    void shouldServeNoActuatorEndpointOnTheServerPort() throws Exception {
        assertThat(managementPort).isNotEqualTo(port);
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        for (String endpoint : List.of("health", "health/liveness", "prometheus", "info")) {
            assertThat(get(port, "/actuator/" + endpoint).statusCode()).as(endpoint).isEqualTo(404);
        }
    }

    @Test
    void shouldEchoAnAcceptableRequestIdAndReplaceOneThatCouldCarryPersonalData() throws Exception {
        // The service's own port: it serves no API, but answers every request with its id.
        HttpResponse<String> echoed = get(port, "/", "X-Request-Id", "probe-42");
        HttpResponse<String> replaced = get(port, "/", "X-Request-Id", "alice@example.com");

        assertThat(echoed.headers().firstValue("X-Request-Id")).contains("probe-42");
        assertThat(replaced.headers().firstValue("X-Request-Id")).get().asString()
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }
}
