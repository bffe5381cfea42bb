package io.profilestream.ingest.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.profilestream.ingest.erasure.ErasureStatusConsumerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.convention.TestBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * The real application with REAL KafkaProducers pointed at a local port nobody listens on: what
 * a client sees while the broker is away. The send timeout is the smallest allowed (1 s), so the
 * first request waits that long for metadata; the backoff is long so that the second request
 * certainly meets the open circuit (the recovery is tested with MockProducer in
 * {@link BackpressureApiTest}: no broker is started here).
 */
@SpringBootTest(properties = {
        "profilestream.ingest.admin-key=" + IngestApiTestSupport.ADMIN_KEY,
        "profilestream.security.producer-keys=" + IngestApiTestSupport.PRODUCER_KEY,
        "profilestream.security.reader-keys=" + IngestApiTestSupport.READER_KEY,
        "profilestream.privacy.hmac-key=" + IngestApiTestSupport.HMAC_KEY,
        "profilestream.ingest.send-timeout=1s",
        "profilestream.ingest.retry-after=5s",
        "profilestream.ingest.broker-backoff=1m"})
@AutoConfigureMockMvc
@Import(IngestApiTestSupport.FixedRequestId.class)
// Closed afterwards: its real producers would otherwise keep reconnecting for the rest of the run.
@DirtiesContext
class BrokerUnreachableApiTest {

    private static final String EVENT = "{\"eventId\":\"e1\",\"userId\":\"u1\",\"type\":\"view\",\"itemId\":\"i1\"}";

    // The status view's consumer would only log refused connections; it is not what is tested here.
    @TestBean(name = "erasureStatusConsumerFactory",
            methodName = "io.profilestream.ingest.web.IngestApiTestSupport#mockErasureStatusConsumers")
    ErasureStatusConsumerFactory erasureStatusConsumerFactory;

    @Autowired
    MockMvc mvc;

    @Autowired
    MeterRegistry registry;

    @DynamicPropertySource
    static void closedBroker(DynamicPropertyRegistry properties) {
        properties.add("profilestream.kafka.bootstrap-servers", () -> "127.0.0.1:" + closedPort());
    }

    /** A port that was free a moment ago: bound, then released, so connections to it are refused. */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private double brokerUnavailableEvents() {
        var counter = registry.find(IngestMetrics.EVENTS)
                .tags(IngestMetrics.OUTCOME, IngestMetrics.REJECTED, IngestMetrics.REASON, "broker-unavailable").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void shouldAnswer503WithRetryAfterWhileTheBrokerIsUnreachableThenFailFast() throws Exception {
        mvc.perform(MockMvcRequestBuilders.post("/v1/events").contentType(MediaType.APPLICATION_JSON).content(EVENT))
                .andExpect(BrokerUnavailableAnswer.afterStoring("/v1/events", 0, 1));

        mvc.perform(MockMvcRequestBuilders.post("/v1/events").contentType(MediaType.APPLICATION_JSON).content(EVENT))
                .andExpect(BrokerUnavailableAnswer.shortCircuited("/v1/events", 1));

        assertThat(brokerUnavailableEvents()).isEqualTo(2.0);
        // The failed sends were settled by the producer: nothing stays reserved.
        assertThat(registry.get(IngestMetrics.INFLIGHT_BYTES).gauge().value()).isZero();
    }

    @Test
    void shouldAnswer503ForCatalogueItemsWhileTheBrokerIsUnreachable() throws Exception {
        mvc.perform(MockMvcRequestBuilders.post("/v1/items").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"itemId\":\"sku-1\",\"category\":\"books\"}"))
                .andExpect(BrokerUnavailableAnswer.afterStoring("/v1/items", 0, 1));
    }
}
