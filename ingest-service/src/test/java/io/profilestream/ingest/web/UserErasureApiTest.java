package io.profilestream.ingest.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.profilestream.ingest.erasure.ErasureStatusView;
import io.profilestream.model.erasure.ErasureRequest;
import io.profilestream.model.erasure.ErasureStatus;
import io.profilestream.model.erasure.ErasureStatus.State;
import io.profilestream.model.privacy.Pseudonymizer;
import io.profilestream.model.topic.Topics;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * {@code DELETE /v1/users/{userId}} and {@code GET /v1/users/{userId}/erasure}. The application
 * context (and its status view) is shared by every API test, so each test names its own user.
 */
class UserErasureApiTest extends IngestApiTestSupport {

    private static final Pseudonymizer PSEUDONYMS = new Pseudonymizer("k1", HMAC_KEY.getBytes(StandardCharsets.UTF_8));
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Next offset of the mock status partition; the view's consumer lives as long as the shared context. */
    private static final AtomicLong NEXT_STATUS_OFFSET = new AtomicLong();

    @Autowired
    ErasureStatusView view;

    @BeforeEach
    void awaitStatusViewLoaded() {
        // The view loads the (empty) mock topic on its own thread right after the context starts.
        awaitView(v -> v.isLoaded());
    }

    private static MockHttpServletRequestBuilder withKey(MockHttpServletRequestBuilder request) {
        return request.header("X-Api-Key", ADMIN_KEY);
    }

    private ResultActions erase(MockHttpServletRequestBuilder request) {
        return perform(request, send -> null, erasureStatuses(), erasureRequests());
    }

    private static String problem(String slug, String title, int status, String detail, String instance) {
        return "{\"type\":\"urn:profilestream:problem:" + slug + "\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\",\"instance\":\"" + instance + "\",\"requestId\":\"" + REQUEST_ID + "\"}";
    }

    private static String refusal(String slug, String title, int status, String detail, String instance) {
        return "{\"type\":\"urn:profilestream:problem:" + slug + "\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\",\"instance\":\"" + instance + "\",\"requiredRole\":\"ADMIN\""
                + ",\"requestId\":\"" + REQUEST_ID + "\"}";
    }

    @Test
    void shouldAnswer401WithoutAnApiKeyAndPublishNothing() throws Exception {
        erase(delete("/v1/users/u-no-key").with(noApiKey()))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "ApiKey header=\"X-Api-Key\""))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(content().json(refusal("unauthenticated", "Unauthenticated", 401,
                        "this endpoint needs an API key with the ADMIN role in the X-Api-Key header", "/v1/users/u-no-key"),
                        JsonCompareMode.STRICT));

        assertThat(erasureStatuses().history()).isEmpty();
        assertThat(erasureRequests().history()).isEmpty();
    }

    @Test
    void shouldAnswer401WithAWrongApiKeyAndPublishNothing() throws Exception {
        erase(delete("/v1/users/u-wrong-key").header("X-Api-Key", ADMIN_KEY + "x"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "ApiKey header=\"X-Api-Key\""))
                .andExpect(content().json(refusal("unauthenticated", "Unauthenticated", 401,
                        "the X-Api-Key header does not hold a known API key", "/v1/users/u-wrong-key"),
                        JsonCompareMode.STRICT));

        assertThat(erasureStatuses().history()).isEmpty();
        assertThat(erasureRequests().history()).isEmpty();
    }

    @Test
    void shouldAnswer403ToAProducerKeyAndPublishNothing() throws Exception {
        erase(delete("/v1/users/u-producer").header("X-Api-Key", PRODUCER_KEY))
                .andExpect(status().isForbidden())
                .andExpect(header().doesNotExist("WWW-Authenticate"))
                .andExpect(content().json(refusal("forbidden", "Forbidden", 403,
                        "this API key has the PRODUCER role; this endpoint needs the ADMIN role", "/v1/users/u-producer"),
                        JsonCompareMode.STRICT));

        assertThat(erasureStatuses().history()).isEmpty();
        assertThat(erasureRequests().history()).isEmpty();
    }

    @Test
    void shouldAnswer401BeforeLookingAtTheUserIdOfAStatusRequest() throws Exception {
        String tooLong = "u".repeat(257);
        mvc.perform(get("/v1/users/" + tooLong + "/erasure").with(noApiKey()))
                .andExpect(status().isUnauthorized())
                .andExpect(content().json(refusal("unauthenticated", "Unauthenticated", 401,
                        "this endpoint needs an API key with the ADMIN role in the X-Api-Key header",
                        "/v1/users/" + tooLong + "/erasure"),
                        JsonCompareMode.STRICT));
    }

    @Test
    void shouldAnswer400ForAUserIdLongerThanAnEventsUserIdMayBe() throws Exception {
        String tooLong = "u".repeat(257);
        erase(withKey(delete("/v1/users/" + tooLong)))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(content().json("""
                        {"type":"urn:profilestream:problem:invalid-user-id","title":"Invalid user id","status":400,
                         "detail":"userId must be at most 256 characters, got 257","instance":"/v1/users/%s","requestId":"test-request-1",
                         "errors":[{"field":"userId","code":"too_long","message":"userId must be at most 256 characters, got 257"}]}
                        """.formatted(tooLong), JsonCompareMode.STRICT));

        assertThat(erasureStatuses().history()).isEmpty();
        assertThat(erasureRequests().history()).isEmpty();
    }

    @Test
    void shouldAnswer400ForAUserIdWithAControlCharacter() throws Exception {
        mvc.perform(withKey(get(URI.create("/v1/users/u%01x/erasure"))))
                .andExpect(status().isBadRequest())
                .andExpect(content().json("""
                        {"type":"urn:profilestream:problem:invalid-user-id","title":"Invalid user id","status":400,
                         "detail":"userId must not contain control characters","instance":"/v1/users/u%01x/erasure","requestId":"test-request-1",
                         "errors":[{"field":"userId","code":"invalid_characters","message":"userId must not contain control characters"}]}
                        """, JsonCompareMode.STRICT));
    }

    @Test
    void shouldAnswer400RatherThanEraseAnotherUserWhenTheIdHasARawSemicolon() throws Exception {
        erase(withKey(delete("/v1/users/u-semi;colon")))
                .andExpect(status().isBadRequest())
                .andExpect(content().json("""
                        {"type":"urn:profilestream:problem:invalid-user-id","title":"Invalid user id","status":400,
                         "detail":"userId must not contain a raw ';' in the path; percent-encode it as %3B",
                         "instance":"/v1/users/u-semi;colon","requestId":"test-request-1",
                         "errors":[{"field":"userId","code":"invalid_characters",
                                    "message":"userId must not contain a raw ';' in the path; percent-encode it as %3B"}]}
                        """, JsonCompareMode.STRICT));

        assertThat(erasureRequests().history()).isEmpty();
    }

    @Test
    void shouldAcceptTheErasureAndPublishIngestsStatusThenTheRequest() throws Exception {
        MvcResult result = erase(withKey(delete("/v1/users/u-erase")))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", "/v1/users/u-erase/erasure"))
                .andExpect(content().contentType(MediaType.APPLICATION_JSON))
                .andReturn();

        String requestId = erasureRequests().history().get(0).value().requestId();
        assertThat(requestId).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(JSON.readTree(result.getResponse().getContentAsString())).isEqualTo(JSON.readTree("""
                {"requestId":"%s","requestedAt":"2025-03-01T10:15:30.123Z","status":"/v1/users/u-erase/erasure"}
                """.formatted(requestId)));
        String userKey = PSEUDONYMS.user("u-erase");
        assertThat(erasureStatuses().history()).containsExactly(new ProducerRecord<>(
                Topics.ERASURE_STATUS.name(), null, RECEIVED_AT.toEpochMilli(), userKey + "/ingest-service",
                new ErasureStatus(requestId, userKey, "ingest-service", State.REQUESTED, RECEIVED_AT, RECEIVED_AT,
                        "accepted by ingest")));
        assertThat(erasureRequests().history()).containsExactly(new ProducerRecord<>(
                Topics.ERASURE_REQUESTS.name(), null, RECEIVED_AT.toEpochMilli(), "u-erase",
                new ErasureRequest(requestId, "u-erase", RECEIVED_AT)));
    }

    @Test
    void shouldPercentEncodeTheUserIdInTheStatusLocation() throws Exception {
        MvcResult result = erase(withKey(delete(URI.create("/v1/users/shop%201%3A%C3%A4%2Bx"))))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", "/v1/users/shop%201%3A%C3%A4%2Bx/erasure"))
                .andReturn();

        assertThat(JSON.readTree(result.getResponse().getContentAsString()).path("status").asText())
                .isEqualTo("/v1/users/shop%201%3A%C3%A4%2Bx/erasure");
        assertThat(erasureRequests().history()).extracting(r -> r.key()).containsExactly("shop 1:ä+x");
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenKafkaDoesNotConfirmInTime() throws Exception {
        perform(withKey(delete("/v1/users/u-timeout")),
                send -> send == 0 ? new TimeoutException("Expiring 1 record(s) for profilestream.erasure.status.v1-0") : null,
                erasureStatuses(), erasureRequests())
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(content().json(problem("broker-unavailable", "Event store unavailable", 503,
                        "Kafka did not confirm the erasure request; retry after 5 s (repeating an erasure is harmless)",
                        "/v1/users/u-timeout"), JsonCompareMode.STRICT));

        // Not acknowledged, so not recorded as requested either.
        assertThat(view.progress(PSEUDONYMS.user("u-timeout"))).isEmpty();
    }

    @Test
    void shouldAnswer500WithoutInternalsWhenKafkaRefusesTheErasurePermanently() throws Exception {
        perform(withKey(delete("/v1/users/u-refused")),
                send -> send == 1 ? new RecordTooLargeException("secret broker detail") : null,
                erasureStatuses(), erasureRequests())
                .andExpect(status().isInternalServerError())
                .andExpect(content().json(problem("publish-failed", "Event store refused the request", 500,
                        "Kafka refused the erasure request; the failure has been logged", "/v1/users/u-refused"),
                        JsonCompareMode.STRICT));
    }

    @Test
    void shouldAnswer404WhenNoErasureWasRequestedForTheUser() throws Exception {
        mvc.perform(withKey(get("/v1/users/u-never-erased/erasure")))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(content().json(problem("erasure-not-found", "No erasure requested", 404,
                        "no erasure was requested for this user", "/v1/users/u-never-erased/erasure"),
                        JsonCompareMode.STRICT));
    }

    @Test
    void shouldReportEveryServicePendingRightAfterTheErasureWasAccepted() throws Exception {
        erase(withKey(delete("/v1/users/u-pending"))).andExpect(status().isAccepted());
        String requestId = erasureRequests().history().get(0).value().requestId();

        mvc.perform(withKey(get("/v1/users/u-pending/erasure")))
                .andExpect(status().isOk())
                .andExpect(content().contentType(MediaType.APPLICATION_JSON))
                .andExpect(content().json("""
                        {"requestId":"%s","requestedAt":"2025-03-01T10:15:30.123Z","state":"pending",
                         "services":[{"service":"privacy-filter","state":"pending"},
                                     {"service":"profile-updater","state":"pending"},
                                     {"service":"recommender-service","state":"pending"}]}
                        """.formatted(requestId), JsonCompareMode.STRICT));
    }

    @Test
    void shouldReportCompletedWithEachConfirmationOnceEveryServiceConfirmedTheRequest() throws Exception {
        erase(withKey(delete("/v1/users/u-completed"))).andExpect(status().isAccepted());
        ErasureStatus requested = erasureStatuses().history().get(0).value();
        String userKey = requested.userKey();
        confirm(requested, ErasureStatus.PRIVACY_FILTER, "2025-03-01T10:15:31Z", "erased-users marker set");
        confirm(requested, ErasureStatus.RECOMMENDER, "2025-03-01T10:15:33Z", "3 impressions removed");
        confirm(requested, ErasureStatus.PROFILE_UPDATER, "2025-03-01T10:15:32Z", "profile removed");
        awaitView(v -> v.progress(userKey).map(p -> p.completedAt() != null).orElse(false));

        mvc.perform(withKey(get("/v1/users/u-completed/erasure")))
                .andExpect(status().isOk())
                .andExpect(content().json("""
                        {"requestId":"%s","requestedAt":"2025-03-01T10:15:30.123Z","state":"completed",
                         "completedAt":"2025-03-01T10:15:33Z",
                         "services":[
                           {"service":"privacy-filter","state":"completed","updatedAt":"2025-03-01T10:15:31Z",
                            "detail":"erased-users marker set"},
                           {"service":"profile-updater","state":"completed","updatedAt":"2025-03-01T10:15:32Z",
                            "detail":"profile removed"},
                           {"service":"recommender-service","state":"completed","updatedAt":"2025-03-01T10:15:33Z",
                            "detail":"3 impressions removed"}]}
                        """.formatted(requested.requestId()), JsonCompareMode.STRICT));
    }

    /** Hands the view a service's confirmation, as the service would write it to the status topic. */
    private static void confirm(ErasureStatus requested, String service, String at, String detail) {
        ErasureStatus completed = new ErasureStatus(requested.requestId(), requested.userKey(), service, State.COMPLETED,
                requested.requestedAt(), Instant.parse(at), detail);
        statusConsumer().addRecord(new ConsumerRecord<>(STATUS_PARTITION.topic(), STATUS_PARTITION.partition(),
                NEXT_STATUS_OFFSET.getAndIncrement(), ErasureStatus.key(requested.userKey(), service), completed));
    }

    /** Waits (at most 10 s, then fails) until the view's own thread has reached {@code condition}. */
    private void awaitView(Predicate<ErasureStatusView> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.test(view)) {
            assertThat(System.nanoTime() - deadline).as("status view reached the expected state in time").isNegative();
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }
}
