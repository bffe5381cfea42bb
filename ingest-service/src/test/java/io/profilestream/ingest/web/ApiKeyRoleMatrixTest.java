package io.profilestream.ingest.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.profilestream.model.security.LocalDevelopmentKeys;
import io.profilestream.model.web.RequestIdFilter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every endpoint against every kind of caller, over real HTTP (the filter chain as deployed). The
 * requests a key lets through are invalid (empty body, over-long user id), so they reach the
 * controller and are refused there with 400 without anything being sent to Kafka: 400 means
 * "authorised", 401/403 "stopped by the key check".
 */
class ApiKeyRoleMatrixTest extends IngestApiTestSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LONG_USER = "u".repeat(257);

    @LocalServerPort
    int port;

    private HttpResponse<String> send(String method, String path, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20))
                .header(RequestIdFilter.HEADER, "matrix")
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (!key.equals("none")) {
            request.header(LocalDevelopmentKeys.HEADER, switch (key) {
                case "wrong" -> "not-a-configured-key-0123456789";
                case "producer" -> PRODUCER_KEY;
                case "reader" -> READER_KEY;
                case "admin" -> ADMIN_KEY;
                case "local-admin" -> LocalDevelopmentKeys.ADMIN;
                default -> throw new IllegalArgumentException(key);
            });
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest(name = "{0} {1} with key {2}: {3}")
    @CsvSource(textBlock = """
            POST,   /v1/events,         none,        401
            POST,   /v1/events,         wrong,       401
            POST,   /v1/events,         local-admin, 401
            POST,   /v1/events,         producer,    400
            POST,   /v1/events,         reader,      403
            POST,   /v1/events,         admin,       400
            POST,   /v1/items,          none,        401
            POST,   /v1/items,          wrong,       401
            POST,   /v1/items,          producer,    400
            POST,   /v1/items,          reader,      403
            POST,   /v1/items,          admin,       400
            DELETE, /v1/users/LONG,     none,        401
            DELETE, /v1/users/LONG,     wrong,       401
            DELETE, /v1/users/LONG,     producer,    403
            DELETE, /v1/users/LONG,     reader,      403
            DELETE, /v1/users/LONG,     admin,       400
            GET,    /v1/users/LONG/erasure, none,    401
            GET,    /v1/users/LONG/erasure, wrong,   401
            GET,    /v1/users/LONG/erasure, producer, 403
            GET,    /v1/users/LONG/erasure, reader,  403
            GET,    /v1/users/LONG/erasure, admin,   400
            GET,    /v1/unknown,        producer,    403
            GET,    /v1/unknown,        admin,       404
            GET,    /V1/USERS/LONG,     producer,    403
            GET,    /v3/api-docs,       none,        200
            GET,    /v3/api-docs,       wrong,       200
            """)
    void shouldAnswerEachCallerWithExactlyTheStatusItsRoleEarns(String method, String path, String key, int status)
            throws Exception {
        HttpResponse<String> response = send(method, path.replace("LONG", LONG_USER), key);

        assertThat(response.statusCode()).isEqualTo(status);
        if (status == 401) {
            assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly("ApiKey header=\"X-Api-Key\"");
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.path("type").asText()).isEqualTo("urn:profilestream:problem:unauthenticated");
            assertThat(problem.path("requestId").asText()).isEqualTo("matrix");
        }
        if (status == 403) {
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(JSON.readTree(response.body()).path("type").asText())
                    .isEqualTo("urn:profilestream:problem:forbidden");
        }
    }
}
