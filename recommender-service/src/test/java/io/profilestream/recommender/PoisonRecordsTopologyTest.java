package io.profilestream.recommender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.profilestream.model.catalogue.CatalogueItem;
import io.profilestream.model.config.KafkaProperties;
import io.profilestream.model.config.StreamsProperties;
import io.profilestream.model.dlq.DeadLetter;
import io.profilestream.model.dlq.ReasonCode;
import io.profilestream.model.event.ItemUpdate;
import io.profilestream.model.streams.StreamsConfigFactory;
import io.profilestream.model.topic.Topics;
import io.profilestream.recommender.catalogue.CatalogueIndex;
import io.profilestream.recommender.config.RecommenderSettings;
import io.profilestream.recommender.crypto.SealedFixture;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With the shared Streams configuration, poison records on every topic the recommender reads
 * as JSON go to the dead-letter topic (stage {@code recommender-service}, no payload, no value in
 * the detail), and the topology goes on. At-least-once in the driver: with exactly_once_v2,
 * TopologyTestDriver 4.3.1 drops the deserialization handler's records (local-stack's FuzzIT
 * proves them on a real broker). The catalogue's global store is not here: the global thread
 * cannot produce dead letters (see PoisonRecordHandler), and the driver uses Kafka's own
 * log-and-continue handler for it.
 */
class PoisonRecordsTopologyTest {

    private static final String SECRET = "call me at alice@example.com";
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    /** Each JSON source topic and a field of its value type that must not be text. */
    private static final Map<String, String> SOURCES = new LinkedHashMap<>();

    static {
        SOURCES.put(Topics.CLEAN_EVENTS.name(), "schemaVersion");
        SOURCES.put(Topics.ITEMS.name(), "price");
        SOURCES.put(Topics.IMPRESSIONS.name(), "servedAt");
        SOURCES.put(Topics.ERASURES.name(), "requestedAt");
    }

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;

    @BeforeEach
    void startDriver() {
        Properties props = StreamsConfigFactory.create(new KafkaProperties("unused:9092", Map.of()),
                new StreamsProperties("recommender-service", stateDir.toString(), 1, "at_least_once", (short) 1,
                        Duration.ofMillis(100), 8, ""));
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        driver = new TopologyTestDriver(RecommenderTopology.build(RecommenderSettings.defaults(),
                new CatalogueIndex(Duration.ofDays(1)), SealedFixture.CIPHER), props);
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void shouldDeadLetterPoisonOnEveryJsonSourceAndKeepBuildingTheCatalogue() {
        TestOutputTopic<String, DeadLetter> dlq = driver.createOutputTopic(Topics.DEAD_LETTERS.name(),
                Topics.DEAD_LETTERS.keySerde().deserializer(), Topics.DEAD_LETTERS.valueSerde().deserializer());
        List<Tuple> expected = new ArrayList<>();
        for (Map.Entry<String, String> source : SOURCES.entrySet()) {
            String topic = source.getKey();
            TestInputTopic<String, byte[]> in = driver.createInputTopic(topic, new StringSerializer(),
                    new ByteArraySerializer());
            in.pipeInput("k1", bytes("not json " + SECRET), T0);
            in.pipeInput("k1", bytes("[\"" + SECRET + "\"]"), T0);
            in.pipeInput("k1", new byte[0], T0);
            in.pipeInput((String) null, bytes("{\"unterminated\": \"" + SECRET), T0);
            in.pipeInput("k1", bytes("{\"" + source.getValue() + "\": \"" + SECRET + "\"}"), T0);
            for (long offset = 0; offset < 5; offset++) {
                expected.add(tuple(ReasonCode.MALFORMED_RECORD, "recommender-service", topic, offset, null));
            }
        }
        TestInputTopic<String, ItemUpdate> items = driver.createInputTopic(Topics.ITEMS.name(),
                Topics.ITEMS.keySerde().serializer(), Topics.ITEMS.valueSerde().serializer());
        items.pipeInput("i2", new ItemUpdate("i2", "books", "penguin", new BigDecimal("12.50"), "EUR", false, T0), T0);

        List<DeadLetter> letters = dlq.readValuesToList();
        assertThat(letters).extracting(DeadLetter::reason, DeadLetter::stage, DeadLetter::sourceTopic,
                DeadLetter::offset, DeadLetter::payload).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(letters).allSatisfy(l -> assertThat(l.detail()).doesNotContain(SECRET));
        TestOutputTopic<String, CatalogueItem> catalogue = driver.createOutputTopic(Topics.CATALOGUE.name(),
                Topics.CATALOGUE.keySerde().deserializer(), Topics.CATALOGUE.valueSerde().deserializer());
        assertThat(catalogue.readKeyValuesToList()).containsExactly(KeyValue.pair("i2", new CatalogueItem("i2", "books",
                "penguin", new BigDecimal("12.50"), "EUR", false, 0.0, null, 0, 0, 0)));
    }

    /**
     * Records that are valid JSON but lack what a processor needs (an impression or erasure with
     * neither record key nor user key, a clean event naming an item but no type) are dead-lettered
     * as {@code MISSING_FIELD} at their own offset, naming only the field. What is optional is not
     * missing: a clean event without item (a search) is not the recommender's, an item or erasure
     * keyed {@code k1} with an empty body still names its item or user. Garbage on the byte-valued
     * profile and key tables is stored as it is (it is opened only when served). The topology goes on.
     */
    @Test
    void shouldDeadLetterRecordsMissingARequiredFieldAndKeepBuildingTheCatalogue() {
        TestOutputTopic<String, DeadLetter> dlq = driver.createOutputTopic(Topics.DEAD_LETTERS.name(),
                Topics.DEAD_LETTERS.keySerde().deserializer(), Topics.DEAD_LETTERS.valueSerde().deserializer());
        List<String> topics = new ArrayList<>(SOURCES.keySet());
        for (String topic : topics) {
            TestInputTopic<String, byte[]> in = driver.createInputTopic(topic, new StringSerializer(),
                    new ByteArraySerializer());
            in.pipeInput("k1", bytes("{}"), T0);
            in.pipeInput("k1", bytes("{\"schemaVersion\":1,\"eventId\":null,\"userKey\":null,\"type\":null,"
                    + "\"itemId\":null,\"requestId\":null,\"itemIds\":null,\"servedAt\":null}"), T0);
            in.pipeInput((String) null, bytes("{}"), T0);
        }
        driver.createInputTopic(Topics.CLEAN_EVENTS.name(), new StringSerializer(), new ByteArraySerializer())
                .pipeInput("k1", bytes("{\"schemaVersion\":1,\"itemId\":\"i9\",\"type\":null}"), T0);
        for (String topic : List.of(Topics.PROFILES.name(), Topics.USER_KEYS.name())) {
            TestInputTopic<String, byte[]> in = driver.createInputTopic(topic, new StringSerializer(),
                    new ByteArraySerializer());
            in.pipeInput("k1", bytes("not sealed " + SECRET), T0);
            in.pipeInput("k1", new byte[0], T0);
        }
        TestInputTopic<String, ItemUpdate> items = driver.createInputTopic(Topics.ITEMS.name(),
                Topics.ITEMS.keySerde().serializer(), Topics.ITEMS.valueSerde().serializer());
        items.pipeInput("i2", new ItemUpdate("i2", "books", "penguin", new BigDecimal("12.50"), "EUR", false, T0), T0);

        assertThat(dlq.readValuesToList()).extracting(DeadLetter::reason, DeadLetter::detail, DeadLetter::stage,
                        DeadLetter::sourceTopic, DeadLetter::partition, DeadLetter::offset, DeadLetter::payload)
                .containsExactly(
                        tuple(ReasonCode.MISSING_FIELD, "missing required field userKey", "recommender-service",
                                Topics.IMPRESSIONS.name(), 0, 2L, null),
                        tuple(ReasonCode.MISSING_FIELD, "missing required field userKey", "recommender-service",
                                Topics.ERASURES.name(), 0, 2L, null),
                        tuple(ReasonCode.MISSING_FIELD, "missing required field type", "recommender-service",
                                Topics.CLEAN_EVENTS.name(), 0, 3L, null));
        TestOutputTopic<String, CatalogueItem> catalogue = driver.createOutputTopic(Topics.CATALOGUE.name(),
                Topics.CATALOGUE.keySerde().deserializer(), Topics.CATALOGUE.valueSerde().deserializer());
        assertThat(catalogue.readKeyValuesToList()).filteredOn(kv -> kv.key.equals("i2")).containsExactly(
                KeyValue.pair("i2", new CatalogueItem("i2", "books", "penguin", new BigDecimal("12.50"), "EUR", false,
                        0.0, null, 0, 0, 0)));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
