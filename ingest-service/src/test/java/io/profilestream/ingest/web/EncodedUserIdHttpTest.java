package io.profilestream.ingest.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.profilestream.ingest.erasure.ErasureStatusView;
import io.profilestream.model.erasure.ErasureRequest;
import io.profilestream.model.privacy.Pseudonymizer;
import io.profilestream.model.security.LocalDevelopmentKeys;
import io.profilestream.model.web.RequestIdFilter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * User ids with reserved characters, sent as one percent-encoded path segment over real HTTP:
 * MockMvc bypasses Tomcat's connector, which is where an encoded slash used to be refused.
 */
class EncodedUserIdHttpTest extends IngestApiTestSupport {

    private static final Pseudonymizer PSEUDONYMS = new Pseudonymizer("k1", HMAC_KEY.getBytes(StandardCharsets.UTF_8));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @LocalServerPort
    int port;

    @Autowired
    ErasureStatusView view;

    @BeforeEach
    void awaitStatusViewLoaded() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!view.isLoaded()) {
            assertThat(System.nanoTime() - deadline).as("status view loaded in time").isNegative();
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }

    /** Sends {@code rawPath} exactly as given (java.net.URI neither decodes nor normalises it). */
    private HttpResponse<String> send(String method, String rawPath, boolean withKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + rawPath))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(20))
                .header(RequestIdFilter.HEADER, REQUEST_ID);
        if (withKey) {
            request.header(LocalDevelopmentKeys.HEADER, ADMIN_KEY);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> erase(String rawPath, boolean withKey) {
        return whileBrokerAnswers(() -> send("DELETE", rawPath, withKey), send -> null,
                erasureStatuses(), erasureRequests());
    }

    @ParameterizedTest(name = "/v1/users/{0} erases \"{1}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            a%2Fb              | a/b
            %C3%A9l%C3%A8ve    | élève
            x%3Fy              | x?y
            a%252Fb            | a%2Fb
            ..%2F..%2Fetc      | ../../etc
            a%5Cb              | a\\b
            a%23b              | a#b
            shop%201           | shop 1
            100%25             | 100%
            """)
    void shouldEraseTheUserWhoseIdIsTheDecodedPathSegment(String segment, String userId) throws Exception {
        HttpResponse<String> accepted = erase("/v1/users/" + segment, true);

        assertThat(accepted.statusCode()).isEqualTo(202);
        // The id went out to Kafka decoded, exactly once, keyed by itself; ingest's status is keyed by its pseudonym.
        assertThat(erasureRequests().history())
                .extracting(r -> r.key(), r -> r.value().userId())
                .containsExactly(tuple(userId, userId));
        assertThat(erasureStatuses().history()).extracting(r -> r.value().userKey())
                .containsExactly(PSEUDONYMS.user(userId));
        // Re-encoding the id gives back the segment the client sent.
        String location = "/v1/users/" + segment + "/erasure";
        assertThat(accepted.headers().allValues("Location")).containsExactly(location);

        ErasureRequest request = erasureRequests().history().get(0).value();
        HttpResponse<String> progress = send("GET", location, true);
        assertThat(progress.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(progress.body());
        assertThat(body.path("requestId").asText()).isEqualTo(request.requestId());
        assertThat(body.path("state").asText()).isEqualTo("pending");
    }

    @Test
    void shouldAskForTheAdminKeyBeforeAnythingElseForAnEncodedTraversalId() throws Exception {
        HttpResponse<String> refused = erase("/v1/users/..%2F..%2Fetc", false);

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(refused.body())).isEqualTo(JSON.readTree("""
                {"type":"urn:profilestream:problem:unauthenticated","title":"Unauthenticated","status":401,
                 "detail":"this endpoint needs an API key with the ADMIN role in the X-Api-Key header",
                 "instance":"/v1/users/..%2F..%2Fetc","requiredRole":"ADMIN","requestId":"test-request-1"}
                """));
        assertThat(erasureStatuses().history()).isEmpty();
        assertThat(erasureRequests().history()).isEmpty();
    }

    @Test
    void shouldNotTreatLiteralDotSegmentsAsPartOfAUserId() throws Exception {
        HttpResponse<String> notFound = erase("/v1/users/x/../y", true);

        // Tomcat maps the normalised path; Spring MVC routes the raw one, which has one segment too many.
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(notFound.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(notFound.body()).path("type").asText())
                .isEqualTo("urn:profilestream:problem:not-found");
        assertThat(erasureRequests().history()).isEmpty();
    }

    @Test
    void shouldLetTomcatRefuseALiteralPathAboveTheRoot() throws Exception {
        HttpResponse<String> refused = erase("/v1/users/../../../etc", true);

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(erasureRequests().history()).isEmpty();
    }
}
