package io.profilestream.profileupdater;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole application wired as in production, against a broker address nothing listens on:
 * Kafka Streams never reaches RUNNING (it keeps REBALANCING), so health and readiness must be
 * DOWN and lookups 503, while liveness stays UP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// Tests switch metrics export off by default; the Prometheus endpoint is part of what is tested.
@AutoConfigureObservability(tracing = false)
@ExtendWith(OutputCaptureExtension.class)
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

    private HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
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
    void shouldReportKafkaStreamsDownUntilItRuns() throws Exception {
        HttpResponse<String> response = get("/actuator/health");

        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode health = mapper.readTree(response.body());
        assertThat(health.path("status").asText()).isEqualTo("DOWN");
        assertThat(health.path("components").path("kafkaStreams").path("status").asText()).isEqualTo("DOWN");
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
    void shouldReportNotReadyUntilStreamsRunsWithTheModelComponentUpWithoutAModel() throws Exception {
        HttpResponse<String> response = get("/actuator/health/readiness");

        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode readiness = mapper.readTree(response.body());
        assertThat(readiness.path("status").asText()).isEqualTo("DOWN");
        assertThat(componentNames(readiness)).containsExactly("kafkaStreams", "model", "readinessState");
        assertThat(readiness.path("components").path("kafkaStreams").path("status").asText()).isEqualTo("DOWN");
        assertThat(readiness.path("components").path("model").path("status").asText()).isEqualTo("UP");
        assertThat(readiness.path("components").path("model").path("details").path("status").asText()).isEqualTo("none");
        assertThat(readiness.path("components").path("readinessState").path("status").asText()).isEqualTo("UP");
    }

    @Test
    void shouldEchoAnAcceptableRequestIdAndReplaceOneThatCouldCarryPersonalData() throws Exception {
        HttpResponse<String> echoed = get("/v1/profiles/" + KEY, "X-Request-Id", "shop-req-42");
        HttpResponse<String> replaced = get("/v1/profiles/" + KEY, "X-Request-Id", "alice@example.com");

        assertThat(echoed.headers().firstValue("X-Request-Id")).contains("shop-req-42");
        assertThat(replaced.headers().firstValue("X-Request-Id")).get().asString()
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }

    @Test
    void shouldNotLogARawUserIdSentInARequestLineTomcatCannotParse(CapturedOutput output) throws Exception {
        String rawUserId = "shopper|4711-raw-id";
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.getOutputStream().write(("GET /v1/profiles/" + rawUserId + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);

            assertThat(answer).startsWith("HTTP/1.1 400");
        }
        assertThat(output.getAll()).doesNotContain(rawUserId);
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
        assertThat(model.path("details").path("status").asText()).isEqualTo("none");
    }

    @Test
    void shouldExposeMetricsForPrometheusWithNoModelVersionWhileNoneIsConfigured() throws Exception {
        HttpResponse<String> response = get("/actuator/prometheus");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("jvm_memory_used_bytes").doesNotContain("profilestream_model_loaded");
    }

    @Test
    void shouldExposeTheLatencyAndHttpHistogramsTaggedWithTheApplication() throws Exception {
        get("/v1/profiles/" + KEY);

        HttpResponse<String> response = get("/actuator/prometheus");

        assertThat(response.body())
                .contains("profilestream_pipeline_latency_seconds_bucket{application=\"profile-updater\","
                        + "stage=\"profile-updater\",le=\"+Inf\"} 0")
                .contains("http_server_requests_seconds_bucket{application=\"profile-updater\"");
    }

    @Test
    void shouldParseTheAdvertisedApplicationServer() {
        assertThat(ProfileUpdaterConfiguration.selfHostInfo("127.0.0.1:8083")).isEqualTo(new HostInfo("127.0.0.1", 8083));
        assertThat(ProfileUpdaterConfiguration.selfHostInfo(" ")).isNull();
        assertThat(ProfileUpdaterConfiguration.selfHostInfo("")).isNull();
    }
}
