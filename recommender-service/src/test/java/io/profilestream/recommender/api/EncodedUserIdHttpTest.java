package io.profilestream.recommender.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.profilestream.model.privacy.Pseudonymizer;
import io.profilestream.model.profile.DecayedScores;
import io.profilestream.model.profile.PriceBand;
import io.profilestream.model.profile.Rfm;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.model.security.LocalDevelopmentKeys;
import io.profilestream.model.streams.ManagedKafkaStreams;
import io.profilestream.model.web.RequestIdFilter;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import io.profilestream.recommender.catalogue.CatalogueIndex;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * User ids with reserved characters, sent as one percent-encoded path segment over real HTTP to
 * the whole application on a real Tomcat (MockMvc bypasses the connector, which is where an
 * encoded slash used to be refused). Kafka Streams is replaced, as in the application test, and
 * the stores by {@link InMemoryStoreQueries}. Also over real HTTP: the {@code X-Request-Id} every
 * answer carries, and that a raw user id reaches no log line, however the request fails.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.profiles.active=local",
        "profilestream.kafka.bootstrap-servers=127.0.0.1:9",
        "profilestream.streams.state-dir=${java.io.tmpdir}/recommender-encoded-user-id-test",
        "profilestream.privacy.hmac-key=" + EncodedUserIdHttpTest.HMAC_KEY,
        // Production's level (the test classpath's logback-test.xml says WARN), so the log test sees
        // every line; Kafka's clients, which never see a raw id, only retry the absent broker at INFO.
        "logging.level.root=INFO",
        "logging.level.org.apache.kafka=WARN"})
class EncodedUserIdHttpTest {

    static final String HMAC_KEY = "encoded-id-test-hmac-key-0123456789abcdef";
    static final Pseudonymizer PSEUDONYMS = new Pseudonymizer("k1", HMAC_KEY.getBytes(StandardCharsets.UTF_8));
    static final Instant T = Instant.parse("2025-03-01T00:00:00Z");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TestConfiguration(proxyBeanMethods = false)
    static class Stores {
        @Bean
        @Primary
        InMemoryStoreQueries inMemoryStoreQueries(CatalogueIndex index) {
            return new InMemoryStoreQueries(index);
        }
    }

    @MockitoBean
    ManagedKafkaStreams streams;

    @Autowired
    InMemoryStoreQueries stores;

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @BeforeEach
    void resetStores() {
        stores.reset();
    }

    /** GETs {@code rawPath} with an {@code X-Request-Id} header and the local reader key. */
    private HttpResponse<String> get(String rawPath, String requestId) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + rawPath))
                .header(RequestIdFilter.HEADER, requestId).header(LocalDevelopmentKeys.HEADER, LocalDevelopmentKeys.READER)
                .timeout(Duration.ofSeconds(20)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** GETs {@code rawPath} with {@code apiKey} (none if null). */
    private HttpResponse<String> getWithKey(String rawPath, String apiKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + rawPath))
                .header(RequestIdFilter.HEADER, "matrix").timeout(Duration.ofSeconds(20)).GET();
        if (apiKey != null) {
            request.header(LocalDevelopmentKeys.HEADER, apiKey);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Sends {@code requestLine} byte for byte (no client would send what Tomcat must refuse); returns the status line. */
    private String sendRaw(String requestLine) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write((requestLine + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1))
                    .readLine();
        }
    }

    /** GETs {@code rawPath} exactly as given (java.net.URI neither decodes nor normalises it), with the reader key. */
    private HttpResponse<String> get(String rawPath) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + rawPath))
                .header(LocalDevelopmentKeys.HEADER, LocalDevelopmentKeys.READER)
                .timeout(Duration.ofSeconds(20)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static UserProfile profileOf(String userKey, int events) {
        return new UserProfile(userKey, events, Map.of(), new DecayedScores(T, Map.of()),
                new DecayedScores(T, Map.of()), PriceBand.empty(), Rfm.empty(), 1, null, List.of(), List.of(), T, T);
    }

    @ParameterizedTest(name = "/v1/recommendations/{0} serves \"{1}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            a%2Fb              | a/b
            %C3%A9l%C3%A8ve    | élève
            x%3Fy              | x?y
            a%252Fb            | a%2Fb
            ..%2F..%2Fetc      | ../../etc
            a%5Cb              | a\\b
            a%23b              | a#b
            shop%201           | shop 1
            """)
    void shouldServeTheProfileOfTheDecodedPathSegment(String segment, String userId) throws Exception {
        String userKey = PSEUDONYMS.user(userId);
        stores.putProfile(profileOf(userKey, 7));

        HttpResponse<String> response = get("/v1/recommendations/" + segment + "?k=3");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        // The profile stored under the decoded id's pseudonym was found, so that id reached the service.
        assertThat(body.path("userKey").asText()).isEqualTo(userKey);
        assertThat(body.path("fallback").asBoolean()).isFalse();
        assertThat(body.path("profileEvents").asInt()).isEqualTo(7);
        assertThat(body.path("k").asInt()).isEqualTo(3);
    }

    @Test
    void shouldForwardTheStillEncodedPathSoTheOwnerDecodesTheSameId() throws Exception {
        // This instance claims another owns a/b, and the "other" is itself: the forwarded request
        // arrives over HTTP, is decoded by the second hop, and is refused there as not owned.
        stores.ownedBy(PSEUDONYMS.user("a/b"), new HostInfo("127.0.0.1", port));

        HttpResponse<String> response = get("/v1/recommendations/a%2Fb?k=3");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree("""
                {"type":"urn:profilestream:problem:store-unavailable","title":"State store not available",
                 "status":503,
                 "detail":"this request was forwarded here, but the profile is owned by 127.0.0.1:%d (ownership is moving)",
                 "instance":"/v1/recommendations/a%%2Fb"}
                """.formatted(port)));
    }

    @Test
    void shouldLookUpAnItemIdWithAnEncodedSlash() throws Exception {
        HttpResponse<String> response = get("/v1/items/a%2Fb");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree("""
                {"type":"urn:profilestream:problem:item-not-found","title":"Item not found","status":404,
                 "detail":"no catalogue entry for item 'a/b'","instance":"/v1/items/a%2Fb","itemId":"a/b"}
                """));
    }

    @Test
    void shouldEchoTheCallersRequestIdOnARecommendation() throws Exception {
        stores.putProfile(profileOf(PSEUDONYMS.user("alice"), 3));

        HttpResponse<String> response = get("/v1/recommendations/alice?k=2", "shop-req-42");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().allValues(RequestIdFilter.HEADER)).containsExactly("shop-req-42");
    }

    @Test
    void shouldGiveARecommendationRequestWithoutARequestIdANewOne() throws Exception {
        HttpResponse<String> response = get("/v1/recommendations/bob?k=2");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().allValues(RequestIdFilter.HEADER)).singleElement().asString()
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }

    @Test
    void shouldReplaceARequestIdThatCouldCarryPersonalDataOrForgeLogLines() throws Exception {
        HttpResponse<String> response = get("/v1/recommendations/bob?k=2", "alice@example.com");

        assertThat(response.headers().firstValue(RequestIdFilter.HEADER)).hasValueSatisfying(id ->
                assertThat(id).isNotEqualTo("alice@example.com").hasSize(36));
    }

    @Test
    void shouldCarryTheRequestIdOnAProblemAnswer() throws Exception {
        HttpResponse<String> response = get("/v1/recommendations/alice?k=0", "shop-req-43");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().allValues(RequestIdFilter.HEADER)).containsExactly("shop-req-43");
    }

    @ParameterizedTest(name = "GET {0} with key {1}: {2}")
    @CsvSource(textBlock = """
            /v1/recommendations/alice?k=2,   none,     401
            /v1/recommendations/alice?k=2,   wrong,    401
            /v1/recommendations/alice?k=2,   producer, 401
            /v1/recommendations/alice?k=2,   reader,   200
            /v1/recommendations/alice?k=2,   admin,    200
            /v1/items/no-such-item,          none,     401
            /v1/items/no-such-item,          reader,   404
            /v1/items/no-such-item,          admin,    404
            /v1/dashboard/rates,             none,     401
            /v1/dashboard/rates,             wrong,    401
            /v1/dashboard/rates,             reader,   200
            /v1/dashboard/users/alice?k=2,   none,     401
            /v1/dashboard/users/alice?k=2,   reader,   200
            /v1/demand/categories/phones,    none,     401
            /v1/demand/items/sku-1,          producer, 401
            /v1/segments,                    none,     401
            /v1/segments,                    producer, 401
            /v1/segments,                    reader,   404
            /v1/other,                       reader,   403
            /v1/other,                       admin,    404
            /dashboard/index.html,           none,     200
            /v3/api-docs,                    none,     200
            """)
    void shouldAnswerEachCallerWithExactlyTheStatusItsRoleEarns(String path, String key, int status) throws Exception {
        stores.putProfile(profileOf(PSEUDONYMS.user("alice"), 3));
        // The local profile configures no producer key here: a producer key is just unknown.
        String apiKey = switch (key) {
            case "none" -> null;
            case "wrong" -> "not-a-configured-key-0123456789";
            case "producer" -> LocalDevelopmentKeys.PRODUCER;
            case "reader" -> LocalDevelopmentKeys.READER;
            case "admin" -> LocalDevelopmentKeys.ADMIN;
            default -> throw new IllegalArgumentException(key);
        };
        HttpResponse<String> response = getWithKey(path, apiKey);

        assertThat(response.statusCode()).isEqualTo(status);
        if (status == 401) {
            assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly("ApiKey header=\"X-Api-Key\"");
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.path("type").asText()).isEqualTo("urn:profilestream:problem:unauthenticated");
            assertThat(problem.path("requiredRole").asText()).isEqualTo("READER");
            assertThat(problem.path("requestId").asText()).isEqualTo("matrix");
        }
        if (status == 403) {
            assertThat(JSON.readTree(response.body()).path("type").asText()).isEqualTo("urn:profilestream:problem:forbidden");
        }
    }

    @Test
    void shouldServeTheActuatorOnTheManagementPortOnly() throws Exception {
        assertThat(managementPort).isNotEqualTo(port);
        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/liveness"))
                .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        for (String endpoint : List.of("health", "health/liveness", "prometheus", "info")) {
            assertThat(get("/actuator/" + endpoint).statusCode()).as(endpoint).isEqualTo(404);
        }
    }

    @Test
    void shouldLogNoRawUserIdWhateverBecomesOfTheRequest(CapturedOutput output) throws Exception {
        String secret = "carol.private-7d1f";
        stores.putProfile(profileOf(PSEUDONYMS.user(secret), 3));

        assertThat(get("/v1/recommendations/" + secret + "?k=2").statusCode()).isEqualTo(200);
        assertThat(get("/v1/recommendations/" + secret + "?k=abc").statusCode()).isEqualTo(400);
        assertThat(get("/v1/recommendations/" + secret + "?k=1000").statusCode()).isEqualTo(400);
        assertThat(get("/v1/recommendations/" + secret + "/more").statusCode()).isEqualTo(404);
        stores.unavailable(true);
        assertThat(get("/v1/recommendations/" + secret).statusCode()).isEqualTo(503);
        // Characters Tomcat refuses in a request target: the connector rejects the request itself,
        // and by default logs the first such request target in full at INFO.
        assertThat(sendRaw("GET /v1/recommendations/" + secret + "{x} HTTP/1.1")).isEqualTo("HTTP/1.1 400 ");
        assertThat(sendRaw("GET /v1/recommendations/" + secret + "?k=|2 HTTP/1.1")).isEqualTo("HTTP/1.1 400 ");

        assertThat(output.getAll()).doesNotContain(secret);
    }
}
