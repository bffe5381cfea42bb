package io.profilestream.ingest.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.profilestream.ingest.erasure.ErasureStatusView;
import io.profilestream.model.web.RequestIdFilter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * With the JSON log format an operator switches on ({@code LOGGING_STRUCTURED_FORMAT_CONSOLE=logstash}),
 * every line written for a request carries its requestId, and nothing a shopper sent (user id, IP,
 * review text) reaches the log, even at DEBUG and even from requests that are refused.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = {"logging.structured.format.console=logstash",
        "logging.level.io.profilestream.ingest=DEBUG"})
class StructuredLogTest extends IngestApiTestSupport {

    private static final String USER_ID = "shopperX7f3a9c";
    private static final String IP = "198.51.100.23";
    private static final String REVIEW = "my knees hurt since the accident";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    ErasureStatusView view;

    /**
     * Logback is configured once per JVM: a context started after another one keeps the first one's
     * console format unless the logging system is cleaned up first, as it is when a context closes.
     */
    @BeforeAll
    @AfterAll
    static void resetLoggingSystem() {
        LoggingSystem.get(StructuredLogTest.class.getClassLoader()).cleanUp();
    }

    @Test
    void shouldLogJsonLinesWithTheRequestIdAndNoPersonalData(CapturedOutput output) throws Exception {
        // Every event invalid (no eventId), full of personal data: refused with 400, logged at DEBUG.
        String events = """
                [{"userId":"%1$s","type":"review","itemId":"i1","reviewText":"%2$s","context":{"ip":"%3$s"}},
                 {"userId":"%1$s","type":"view","itemId":"i2","context":{"ip":"%3$s"}}]
                """.formatted(USER_ID, REVIEW, IP);
        perform(MockMvcRequestBuilders.post("/v1/events").contentType(MediaType.APPLICATION_JSON).content(events)
                .header(RequestIdFilter.HEADER, "log-invalid"), send -> null, rawEvents())
                .andExpect(status().isBadRequest());
        // Not JSON: the parser's message quotes the unquoted user id.
        perform(MockMvcRequestBuilders.post("/v1/events").contentType(MediaType.APPLICATION_JSON)
                .content("{\"userId\": " + USER_ID + "}").header(RequestIdFilter.HEADER, "log-malformed"),
                send -> null, rawEvents())
                .andExpect(status().isBadRequest());
        mvc.perform(delete("/v1/users/" + USER_ID).header("X-Api-Key", "wrong-key-0123456789")
                        .header(RequestIdFilter.HEADER, "log-wrong-key").with(r -> {
                            r.setRemoteAddr(IP);
                            return r;
                        }))
                .andExpect(status().isUnauthorized());
        awaitStatusViewLoaded();
        perform(delete("/v1/users/" + USER_ID).header("X-Api-Key", ADMIN_KEY).header(RequestIdFilter.HEADER, "log-erasure"),
                send -> null, erasureStatuses(), erasureRequests())
                .andExpect(status().isAccepted());
        String erasureId = erasureRequests().history().get(0).value().requestId();

        assertThat(messagesOf(output, "log-invalid")).containsExactly("POST /v1/events refused: 2 of 2 events were rejected");
        assertThat(messagesOf(output, "log-malformed")).containsExactly("POST /v1/events refused: malformed-json");
        assertThat(messagesOf(output, "log-wrong-key")).containsExactly("refused DELETE request needing role ADMIN: unknown X-Api-Key");
        assertThat(messagesOf(output, "log-erasure")).containsExactly("erasure " + erasureId + " accepted");
        assertThat(output.getAll()).doesNotContain(USER_ID).doesNotContain(IP).doesNotContain(REVIEW);
    }

    /** The messages of the JSON log lines written for the request with this id, in order. */
    private static List<String> messagesOf(CapturedOutput output, String requestId) {
        return output.getOut().lines()
                .filter(line -> line.startsWith("{"))
                .map(StructuredLogTest::parse)
                .filter(line -> requestId.equals(line.path("requestId").asText()))
                .map(line -> line.path("message").asText())
                .toList();
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not a JSON log line: " + line, e);
        }
    }

    private void awaitStatusViewLoaded() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!view.isLoaded()) {
            assertThat(System.nanoTime() - deadline).as("status view loaded in time").isNegative();
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }
}
