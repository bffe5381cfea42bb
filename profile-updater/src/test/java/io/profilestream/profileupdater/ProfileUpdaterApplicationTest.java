package io.profilestream.profileupdater;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.profilestream.model.config.StreamsProperties;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
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
    private static final String READER_KEY = "test-reader-key-0123456789";
    private static final String ADMIN_KEY = "test-admin-key-0123456789";
    private static final String WRONG_KEY = "not-a-configured-key-0123456789";

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
        registry.add("profilestream.security.reader-keys", () -> READER_KEY);
        registry.add("profilestream.security.admin-keys", () -> ADMIN_KEY);
        // A producer key: known, but no endpoint of this service grants it anything.
        registry.add("profilestream.security.producer-keys", () -> "test-producer-key-0123456789");
    }

    @LocalServerPort
    private int port;

    @LocalManagementPort
    private int managementPort;

    @Autowired
    private ObjectMapper mapper;

    @Autowired
    private StreamsProperties streamsProperties;

    /** GETs {@code path} with the reader key. */
    private HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        return send(path, READER_KEY, headers);
    }

    /** GETs an actuator endpoint from the management port, e.g. {@code actuator("health")}. */
    private HttpResponse<String> actuator(String endpoint) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + "/actuator/" + endpoint)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** GETs {@code path} with {@code apiKey} (none if null). */
    private HttpResponse<String> send(String path, String apiKey, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (apiKey != null) {
            request.header("X-Api-Key", apiKey);
        }
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
    void shouldReportKafkaStreamsDownUntilItRuns() throws Exception {
        HttpResponse<String> response = actuator("health");

        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode health = mapper.readTree(response.body());
        assertThat(health.path("status").asText()).isEqualTo("DOWN");
        assertThat(health.path("components").path("kafkaStreams").path("status").asText()).isEqualTo("DOWN");
    }

    @Test
    void shouldReportAliveWhileStreamsIsRebalancingSoTheProbeDoesNotRestartIt() throws Exception {
        HttpResponse<String> response = actuator("health/liveness");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode liveness = mapper.readTree(response.body());
        assertThat(liveness.path("status").asText()).isEqualTo("UP");
        assertThat(componentNames(liveness)).containsExactly("kafkaStreamsAlive", "livenessState");
        assertThat(liveness.path("components").path("kafkaStreamsAlive").path("details").path("state").asText())
                .isEqualTo("REBALANCING");
    }

    @Test
    void shouldReportNotReadyUntilStreamsRunsWithTheModelComponentUpWithoutAModel() throws Exception {
        HttpResponse<String> response = actuator("health/readiness");

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
        JsonNode model = mapper.readTree(actuator("health").body()).path("components").path("model");

        assertThat(model.path("status").asText()).isEqualTo("UP");
        assertThat(model.path("details").path("version").asText()).isEqualTo("none");
        assertThat(model.path("details").path("status").asText()).isEqualTo("none");
    }

    @Test
    void shouldExposeMetricsForPrometheusWithNoModelVersionWhileNoneIsConfigured() throws Exception {
        HttpResponse<String> response = actuator("prometheus");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("jvm_memory_used_bytes").doesNotContain("profilestream_model_loaded");
    }

    @Test
    void shouldExposeTheLatencyAndHttpHistogramsTaggedWithTheApplication() throws Exception {
        get("/v1/profiles/" + KEY);

        HttpResponse<String> response = actuator("prometheus");

        assertThat(response.body())
                .contains("profilestream_pipeline_latency_seconds_bucket{application=\"profile-updater\","
                        + "stage=\"profile-updater\",le=\"+Inf\"} 0")
                .contains("http_server_requests_seconds_bucket{application=\"profile-updater\"");
    }

    @ParameterizedTest(name = "GET {0} with key {1}: {2}")
    @CsvSource(textBlock = """
            /v1/profiles/KEY,     none,     401
            /v1/profiles/KEY,     wrong,    401
            /v1/profiles/KEY,     producer, 403
            /v1/profiles/KEY,     reader,   503
            /v1/profiles/KEY,     admin,    503
            /v1/profiles/not-hex, reader,   400
            /v1/other,            reader,   403
            /v1/other,            admin,    404
            /v3/api-docs,         none,     200
            """)
    void shouldAnswerEachCallerWithExactlyTheStatusItsRoleEarns(String path, String key, int status) throws Exception {
        String apiKey = switch (key) {
            case "none" -> null;
            case "wrong" -> WRONG_KEY;
            case "producer" -> "test-producer-key-0123456789";
            case "reader" -> READER_KEY;
            case "admin" -> ADMIN_KEY;
            default -> throw new IllegalArgumentException(key);
        };
        HttpResponse<String> response = send(path.replace("KEY", KEY), apiKey, "X-Request-Id", "matrix");

        assertThat(response.statusCode()).isEqualTo(status);
        if (status == 401) {
            assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly("ApiKey header=\"X-Api-Key\"");
            assertThat(mapper.readTree(response.body())).isEqualTo(mapper.readTree(("""
                    {"type":"urn:profilestream:problem:unauthenticated","title":"Unauthenticated","status":401,
                     "detail":"%s","instance":"/v1/profiles/%s","requiredRole":"READER","requestId":"matrix"}""")
                    .formatted(apiKey == null ? "this endpoint needs an API key with the READER role in the X-Api-Key header"
                            : "the X-Api-Key header does not hold a known API key", KEY)));
        }
        if (status == 403 && path.startsWith("/v1/profiles")) {
            assertThat(mapper.readTree(response.body())).isEqualTo(mapper.readTree("""
                    {"type":"urn:profilestream:problem:forbidden","title":"Forbidden","status":403,
                     "detail":"this API key has the PRODUCER role; this endpoint needs the READER role",
                     "instance":"/v1/profiles/%s","requiredRole":"READER","requestId":"matrix"}""".formatted(KEY)));
        }
    }

    @Test
    void shouldServeNoActuatorEndpointOnTheApiPort() throws Exception {
        assertThat(managementPort).isNotEqualTo(port);
        for (String endpoint : List.of("health", "health/readiness", "prometheus", "info")) {
            assertThat(send("/actuator/" + endpoint, ADMIN_KEY).statusCode()).as(endpoint).isEqualTo(404);
        }
    }

    @Test
    void shouldLogTheRefusedRoleAndRequestIdButNeverAKey(CapturedOutput output) throws Exception {
        send("/v1/profiles/" + KEY, WRONG_KEY, "X-Request-Id", "log-wrong-key");
        send("/v1/profiles/" + KEY, null, "X-Request-Id", "log-no-key");
        send("/v1/profiles/" + KEY, READER_KEY, "X-Request-Id", "log-reader");

        assertThat(output.getOut()).contains("refused GET request needing role READER: unknown X-Api-Key")
                .contains("refused GET request needing role READER: no X-Api-Key");
        assertThat(output.getAll()).doesNotContain(WRONG_KEY).doesNotContain(READER_KEY).doesNotContain(ADMIN_KEY);
    }

    @Test
    void shouldParseTheAdvertisedApplicationServer() {
        assertThat(ProfileUpdaterConfiguration.selfHostInfo("127.0.0.1:8083")).isEqualTo(new HostInfo("127.0.0.1", 8083));
        assertThat(ProfileUpdaterConfiguration.selfHostInfo(" ")).isNull();
        assertThat(ProfileUpdaterConfiguration.selfHostInfo("")).isNull();
    }
}
