package io.profilestream.ingest.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.convention.TestBean;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * Ingest under a slow or absent broker, through the real web layer and the real beans with
 * Kafka's MockProducer: admission control (429 overloaded once
 * {@code profilestream.ingest.max-in-flight-bytes} of requests wait for Kafka) and the
 * short-circuit (503 at once after a send timed out, recovery once a probe is stored). Its own
 * context: a 2048-byte bound, and a ticker the tests move by hand.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "profilestream.kafka.bootstrap-servers=127.0.0.1:9",
        "profilestream.ingest.admin-key=" + IngestApiTestSupport.ADMIN_KEY,
        "profilestream.security.producer-keys=" + IngestApiTestSupport.PRODUCER_KEY,
        "profilestream.security.reader-keys=" + IngestApiTestSupport.READER_KEY,
        "profilestream.privacy.hmac-key=" + IngestApiTestSupport.HMAC_KEY,
        "profilestream.ingest.max-body-bytes=1024",
        "profilestream.ingest.max-in-flight-bytes=2048",
        "profilestream.ingest.overloaded-retry-after=1s",
        "profilestream.ingest.retry-after=5s",
        "profilestream.ingest.broker-backoff=2s"})
class BackpressureApiTest extends IngestApiTestSupport {

    /** Every request body of these tests is exactly this long, so the bound holds exactly two. */
    private static final int BODY_BYTES = 1000;
    private static final AtomicLong NANOS = new AtomicLong(1_000_000_000_000L);

    @TestBean(name = "brokerCircuitTicker", methodName = "manualTicker")
    LongSupplier brokerCircuitTicker;

    @Autowired
    MeterRegistry registry;

    private Map<String, Double> before;

    static LongSupplier manualTicker() {
        return NANOS::get;
    }

    @BeforeEach
    void rememberCounts() {
        before = counts();
    }

    private static String body(int n) {
        String json = "{\"eventId\":\"e" + n + "\",\"userId\":\"u" + n + "\",\"type\":\"view\",\"itemId\":\"i" + n + "\"}";
        return json + " ".repeat(BODY_BYTES - json.length());
    }

    private CompletableFuture<MvcResult> postUnanswered(int n) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return mvc.perform(MockMvcRequestBuilders.post("/v1/events")
                        .contentType(MediaType.APPLICATION_JSON).content(body(n))).andReturn();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Waits (a bounded time, to fail rather than hang) until the producer has been handed {@code sends} records. */
    private void awaitSends(int sends) {
        long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (rawEvents().history().size() < sends && System.nanoTime() - giveUp < 0) {
            LockSupport.parkNanos(1_000_000);
        }
        assertThat(rawEvents().history()).hasSize(sends);
    }

    private double inFlightBytes() {
        return registry.get(IngestMetrics.INFLIGHT_BYTES).gauge().value();
    }

    private Map<String, Double> counts() {
        return registry.find(IngestMetrics.EVENTS).counters().stream().collect(Collectors.toMap(
                c -> c.getId().getTag(IngestMetrics.OUTCOME) + " " + c.getId().getTag(IngestMetrics.REASON),
                Counter::count, (a, b) -> a, LinkedHashMap::new));
    }

    private Map<String, Double> growth() {
        Map<String, Double> growth = new LinkedHashMap<>();
        counts().forEach((key, count) -> {
            double grew = count - before.getOrDefault(key, 0.0);
            if (grew != 0) {
                growth.put(key, grew);
            }
        });
        return growth;
    }

    @Test
    void shouldAnswer429WithRetryAfterOnceTheInFlightBoundIsFullAndAdmitAgainWhenKafkaAcknowledges() throws Exception {
        assertThat(registry.get(IngestMetrics.INFLIGHT_MAX_BYTES).gauge().value()).isEqualTo(2048.0);
        CompletableFuture<MvcResult> first = postUnanswered(1);
        CompletableFuture<MvcResult> second = postUnanswered(2);
        awaitSends(2);
        assertThat(inFlightBytes()).isEqualTo(2000.0);

        mvc.perform(MockMvcRequestBuilders.post("/v1/events").contentType(MediaType.APPLICATION_JSON).content(body(3)))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(content().json("""
                        {"type":"urn:profilestream:problem:overloaded","title":"Too much in flight","status":429,
                         "detail":"ingest already holds as many request bytes as it may (2048) until Kafka confirms earlier requests; nothing of this request was read or stored; retry it after 1 s",
                         "instance":"/v1/events","requestId":"test-request-1","maxInFlightBytes":2048}
                        """, JsonCompareMode.STRICT));
        assertThat(rawEvents().history()).hasSize(2);
        assertThat(inFlightBytes()).isEqualTo(2000.0);
        // One bound for both endpoints: they share the heap. 2000 + 49 > 2048.
        post("/v1/items", MediaType.APPLICATION_JSON, "{\"itemId\":\"sku-1\",\"category\":\"books\"}" + " ".repeat(12))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "1"));
        assertThat(items().history()).isEmpty();

        assertThat(rawEvents().completeNext()).isTrue();
        assertThat(rawEvents().completeNext()).isTrue();
        assertThat(first.join().getResponse().getStatus()).isEqualTo(202);
        assertThat(second.join().getResponse().getStatus()).isEqualTo(202);
        assertThat(inFlightBytes()).isZero();

        post("/v1/events", MediaType.APPLICATION_JSON, body(4)).andExpect(status().isAccepted());

        // The two held requests raced each other to the producer; the third one was never sent.
        assertThat(rawEvents().history()).extracting(ProducerRecord::key).containsExactlyInAnyOrder("u1", "u2", "u4");
        assertThat(rawEvents().history().get(2).key()).isEqualTo("u4");
        assertThat(inFlightBytes()).isZero();
        assertThat(growth()).isEqualTo(Map.of("accepted none", 3.0, "rejected overloaded", 1.0));
    }

    @Test
    void shouldKeepTheBytesOfARequestUntilKafkaHasAnsweredEveryOneOfItsRecords() throws Exception {
        String two = "[" + body(5).strip() + "," + body(6).strip() + "]";
        CompletableFuture<MvcResult> pending = CompletableFuture.supplyAsync(() -> {
            try {
                return mvc.perform(MockMvcRequestBuilders.post("/v1/events")
                        .contentType(MediaType.APPLICATION_JSON).content(two)).andReturn();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        awaitSends(2);
        assertThat(inFlightBytes()).isEqualTo(two.length());

        rawEvents().completeNext();
        assertThat(inFlightBytes()).isEqualTo(two.length());
        rawEvents().completeNext();

        assertThat(pending.join().getResponse().getStatus()).isEqualTo(202);
        assertThat(inFlightBytes()).isZero();
    }

    @Test
    void shouldAnswer503AtOnceAfterASendTimedOutAndAcceptAgainOnceAProbeIsStored() throws Exception {
        post("/v1/events", MediaType.APPLICATION_JSON, body(1),
                send -> new TimeoutException("Expiring 1 record(s) for profilestream.events.raw.v1-0"))
                .andExpect(BrokerUnavailableAnswer.afterStoring("/v1/events", 0, 1));

        // Kafka would store it, but no request reaches the producer until the backoff is over.
        post("/v1/events", MediaType.APPLICATION_JSON, body(2))
                .andExpect(BrokerUnavailableAnswer.shortCircuited("/v1/events", 1));
        assertThat(rawEvents().history()).extracting(ProducerRecord::key).containsExactly("u1");
        // The items producer has its own circuit, still closed.
        post("/v1/items", MediaType.APPLICATION_JSON, "{\"itemId\":\"sku-1\",\"category\":\"books\"}").andExpect(status().isAccepted());

        NANOS.addAndGet(Duration.ofSeconds(2).toNanos());
        post("/v1/events", MediaType.APPLICATION_JSON, body(3)).andExpect(status().isAccepted());
        post("/v1/events", MediaType.APPLICATION_JSON, body(4)).andExpect(status().isAccepted());

        assertThat(rawEvents().history()).extracting(ProducerRecord::key).containsExactly("u1", "u3", "u4");
        assertThat(growth()).isEqualTo(Map.of("accepted none", 2.0, "rejected broker-unavailable", 2.0));
        assertThat(inFlightBytes()).isZero();
    }
}
