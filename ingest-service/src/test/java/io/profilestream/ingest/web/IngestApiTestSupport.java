package io.profilestream.ingest.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.profilestream.ingest.erasure.ErasureStatusConsumerFactory;
import io.profilestream.model.erasure.ErasureRequest;
import io.profilestream.model.erasure.ErasureStatus;
import io.profilestream.model.event.ItemUpdate;
import io.profilestream.model.event.RawEvent;
import io.profilestream.model.security.LocalDevelopmentKeys;
import io.profilestream.model.topic.Topics;
import io.profilestream.model.web.RequestIdFilter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.autoconfigure.web.servlet.MockMvcBuilderCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.convention.TestBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * The one application context the API tests share: the real application with Kafka's
 * {@link MockProducer} in place of the four producers, a {@link MockConsumer} of the (empty)
 * erasure-status topic in place of the status view's consumer, and a fixed clock. It runs on
 * a real Tomcat on a random port, so tests that must go through the connector (how it decodes
 * the path) can send real HTTP requests; the others use MockMvc, which bypasses the connector.
 *
 * <p>The mock producers do not complete sends by themselves. {@link #post} runs the request on
 * another thread while the test thread plays the broker: it acknowledges each send, or fails it
 * when a test asks, exactly as a broker answers asynchronously.
 *
 * <p>Every MockMvc request carries the X-Request-Id {@link #REQUEST_ID} unless it sets its own, so
 * the {@code requestId} of problem documents can be asserted exactly, and the producer key
 * {@link #PRODUCER_KEY} unless it sets another key or {@link #noApiKey() none}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "profilestream.kafka.bootstrap-servers=127.0.0.1:9",
        // The admin key through its old property, which ingest still reads as an ADMIN key.
        "profilestream.ingest.admin-key=" + IngestApiTestSupport.ADMIN_KEY,
        "profilestream.security.producer-keys=" + IngestApiTestSupport.PRODUCER_KEY,
        "profilestream.security.reader-keys=" + IngestApiTestSupport.READER_KEY,
        "profilestream.privacy.hmac-key=" + IngestApiTestSupport.HMAC_KEY,
        // The tests of this context fail sends on purpose; the short-circuit would turn the next
        // test's request away. BackpressureApiTest tests it in a context of its own.
        "profilestream.ingest.broker-backoff=0s"})
@AutoConfigureMockMvc
@Import(IngestApiTestSupport.FixedRequestId.class)
abstract class IngestApiTestSupport {

    /** The fixed receive time; the clock has sub-millisecond digits that ingest must truncate. */
    static final Instant NOW = Instant.parse("2025-03-01T10:15:30.123456Z");
    static final Instant RECEIVED_AT = Instant.parse("2025-03-01T10:15:30.123Z");

    static final MediaType NDJSON = MediaType.APPLICATION_NDJSON;

    /** The X-Request-Id every MockMvc request carries unless it sets its own, so problem bodies are exact. */
    static final String REQUEST_ID = "test-request-1";

    /** The admin key the test application runs with. */
    static final String ADMIN_KEY = "test-admin-key-0123456789";
    /** The producer key the test application runs with; MockMvc requests carry it by default. */
    static final String PRODUCER_KEY = "test-producer-key-0123456789";
    /** A reader key: known, but no ingest endpoint grants it anything. */
    static final String READER_KEY = "test-reader-key-0123456789";
    /** The HMAC key the test application runs with (id k1, the default). */
    static final String HMAC_KEY = "test-hmac-key-0123456789abcdef-0123456789";
    /** The one partition of the mock erasure-status topic. */
    static final TopicPartition STATUS_PARTITION = new TopicPartition(Topics.ERASURE_STATUS.name(), 0);

    private static final ExecutorService CLIENT = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "test-http-client");
        thread.setDaemon(true);
        return thread;
    });

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestBean(name = "clock", methodName = "fixedClock")
    Clock clock;

    @TestBean(name = "rawEventProducer", methodName = "mockRawEventProducer")
    Producer<String, RawEvent> rawEventProducer;

    @TestBean(name = "itemProducer", methodName = "mockItemProducer")
    Producer<String, ItemUpdate> itemProducer;

    @TestBean(name = "erasureStatusProducer", methodName = "mockErasureStatusProducer")
    Producer<String, ErasureStatus> erasureStatusProducer;

    @TestBean(name = "erasureRequestProducer", methodName = "mockErasureRequestProducer")
    Producer<String, ErasureRequest> erasureRequestProducer;

    @TestBean(name = "erasureStatusConsumerFactory", methodName = "mockErasureStatusConsumers")
    ErasureStatusConsumerFactory erasureStatusConsumerFactory;

    @Autowired
    MockMvc mvc;

    /** The port of the actuator endpoints: apart from the API, which MockMvc reaches. */
    @LocalManagementPort
    int managementPort;

    private static final HttpClient ACTUATOR_CLIENT = HttpClient.newHttpClient();

    /** GETs an actuator endpoint over real HTTP on the management port, e.g. {@code actuator("health")}. */
    HttpResponse<String> actuator(String endpoint) throws IOException, InterruptedException {
        return ACTUATOR_CLIENT.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + managementPort + "/actuator/" + endpoint))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static Clock fixedClock() {
        return Clock.fixed(NOW, ZoneOffset.UTC);
    }

    static Producer<String, RawEvent> mockRawEventProducer() {
        return new MockProducer<>(false, null, Topics.RAW_EVENTS.keySerde().serializer(),
                Topics.RAW_EVENTS.valueSerde().serializer());
    }

    static Producer<String, ItemUpdate> mockItemProducer() {
        return new MockProducer<>(false, null, Topics.ITEMS.keySerde().serializer(),
                Topics.ITEMS.valueSerde().serializer());
    }

    static Producer<String, ErasureStatus> mockErasureStatusProducer() {
        return new MockProducer<>(false, null, Topics.ERASURE_STATUS.keySerde().serializer(),
                Topics.ERASURE_STATUS.valueSerde().serializer());
    }

    static Producer<String, ErasureRequest> mockErasureRequestProducer() {
        return new MockProducer<>(false, null, Topics.ERASURE_REQUESTS.keySerde().serializer(),
                Topics.ERASURE_REQUESTS.valueSerde().serializer());
    }

    /** Consumers of a one-partition, empty erasure-status topic; one factory per application context. */
    static ErasureStatusConsumerFactory mockErasureStatusConsumers() {
        return new MockStatusConsumers();
    }

    /**
     * Opens MockConsumers and remembers them, latest last (the view opens one per start). Per
     * context, not static: tests in other contexts (BackpressureApiTest...) open their own.
     */
    static final class MockStatusConsumers implements ErasureStatusConsumerFactory {
        private final List<MockConsumer<String, ErasureStatus>> opened = new CopyOnWriteArrayList<>();

        @Override
        public MockConsumer<String, ErasureStatus> create() {
            MockConsumer<String, ErasureStatus> consumer = new IdleMockConsumer<>();
            consumer.updatePartitions(STATUS_PARTITION.topic(),
                    List.of(new PartitionInfo(STATUS_PARTITION.topic(), 0, null, null, null)));
            consumer.updateBeginningOffsets(Map.of(STATUS_PARTITION, 0L));
            consumer.updateEndOffsets(Map.of(STATUS_PARTITION, 0L));
            opened.add(consumer);
            return consumer;
        }

        MockConsumer<String, ErasureStatus> latest() {
            return opened.get(opened.size() - 1);
        }
    }

    /**
     * A MockConsumer whose empty polls pause briefly, as a real consumer's poll waits for data:
     * MockConsumer itself returns at once, which would spin the view's thread on a core.
     */
    private static final class IdleMockConsumer<K, V> extends MockConsumer<K, V> {
        IdleMockConsumer() {
            super("earliest");
        }

        @Override
        public ConsumerRecords<K, V> poll(Duration timeout) {
            ConsumerRecords<K, V> records = super.poll(timeout);
            if (records.isEmpty()) {
                LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
            }
            return records;
        }
    }

    /**
     * Gives every MockMvc request the X-Request-Id {@link #REQUEST_ID} and the producer key, unless
     * the request sets its own.
     */
    @TestConfiguration(proxyBeanMethods = false)
    static class FixedRequestId {
        @Bean
        MockMvcBuilderCustomizer fixedRequestId() {
            return builder -> builder.defaultRequest(MockMvcRequestBuilders.get("/")
                    .header(RequestIdFilter.HEADER, REQUEST_ID)
                    .header(LocalDevelopmentKeys.HEADER, PRODUCER_KEY));
        }
    }

    /** The factory of the context the running test uses (tests run one at a time). */
    private static volatile MockStatusConsumers currentStatusConsumers;

    /** Removes the default API key from a MockMvc request: it is sent without any. */
    static RequestPostProcessor noApiKey() {
        return request -> {
            request.removeHeader(LocalDevelopmentKeys.HEADER);
            return request;
        };
    }

    @BeforeEach
    void resetProducers() {
        currentStatusConsumers = (MockStatusConsumers) erasureStatusConsumerFactory;
        rawEvents().clear();
        items().clear();
        erasureStatuses().clear();
        erasureRequests().clear();
    }

    @SuppressWarnings("unchecked")
    MockProducer<String, ErasureStatus> erasureStatuses() {
        return (MockProducer<String, ErasureStatus>) erasureStatusProducer;
    }

    @SuppressWarnings("unchecked")
    MockProducer<String, ErasureRequest> erasureRequests() {
        return (MockProducer<String, ErasureRequest>) erasureRequestProducer;
    }

    /** The consumer the running test's status view reads from; records added to it reach the view. */
    static MockConsumer<String, ErasureStatus> statusConsumer() {
        return currentStatusConsumers.latest();
    }

    @SuppressWarnings("unchecked")
    MockProducer<String, RawEvent> rawEvents() {
        return (MockProducer<String, RawEvent>) rawEventProducer;
    }

    @SuppressWarnings("unchecked")
    MockProducer<String, ItemUpdate> items() {
        return (MockProducer<String, ItemUpdate>) itemProducer;
    }

    /** POSTs a body with a broker that acknowledges every send. */
    ResultActions post(String path, MediaType contentType, String body) throws Exception {
        return post(path, contentType, body, send -> null);
    }

    /**
     * POSTs a body while answering the n-th send (from 0) of the path's producer with
     * {@code failureOfSend.apply(n)}: null acknowledges it, an exception fails it.
     */
    ResultActions post(String path, MediaType contentType, String body, IntFunction<RuntimeException> failureOfSend)
            throws Exception {
        MockProducer<?, ?> producer = path.startsWith("/v1/items") ? items() : rawEvents();
        return perform(MockMvcRequestBuilders.post(path).contentType(contentType).content(body), failureOfSend, producer);
    }

    /**
     * Performs a request while playing the broker of {@code producers}: the n-th send (from 0,
     * counted across the producers in the order they are answered, which is send order) gets
     * {@code failureOfSend.apply(n)}: null acknowledges it, an exception fails it.
     */
    ResultActions perform(RequestBuilder request, IntFunction<RuntimeException> failureOfSend,
                          MockProducer<?, ?>... producers) {
        return whileBrokerAnswers(() -> mvc.perform(request), failureOfSend, producers);
    }

    /**
     * Runs {@code client} (a request through MockMvc or over HTTP) on another thread while playing
     * the broker of {@code producers}, as {@link #perform} describes, and returns its result.
     */
    <T> T whileBrokerAnswers(Callable<T> client, IntFunction<RuntimeException> failureOfSend,
                             MockProducer<?, ?>... producers) {
        CompletableFuture<T> call = CompletableFuture.supplyAsync(() -> {
            try {
                return client.call();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, CLIENT);
        int answered = 0;
        while (!call.isDone()) {
            boolean answeredOne = false;
            for (MockProducer<?, ?> producer : producers) {
                RuntimeException failure = failureOfSend.apply(answered);
                if (failure == null ? producer.completeNext() : producer.errorNext(failure)) {
                    answered++;
                    answeredOne = true;
                }
            }
            if (!answeredOne) {
                LockSupport.parkNanos(100_000);
            }
        }
        return call.join();
    }

    /** The exact problem document of a request whose every entry was rejected. */
    static String invalidEntriesProblem(String noun, String path, int total, List<Map<String, Object>> errors)
            throws Exception {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "urn:profilestream:problem:invalid-" + noun);
        problem.put("title", "Invalid " + noun);
        problem.put("status", 400);
        problem.put("detail", errors.stream().map(e -> e.get("index")).distinct().count() + " of " + total + " "
                + noun + " were rejected");
        problem.put("instance", path);
        problem.put("requestId", REQUEST_ID);
        problem.put("errors", errors);
        return JSON.writeValueAsString(problem);
    }

    /** One member of a problem's {@code errors} array. */
    static Map<String, Object> error(int index, String field, String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("index", index);
        error.put("field", field);
        error.put("code", code);
        error.put("message", message);
        return error;
    }
}
