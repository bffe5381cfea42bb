package io.profilestream.profileupdater;

import static io.profilestream.model.event.EventType.VIEW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.profilestream.model.config.KafkaProperties;
import io.profilestream.model.config.StreamsProperties;
import io.profilestream.model.dlq.DeadLetter;
import io.profilestream.model.dlq.ReasonCode;
import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.topic.Topics;
import io.profilestream.profileupdater.profile.ProfileSettings;
import io.profilestream.profileupdater.profile.ProfileTopology;
import io.profilestream.profileupdater.profile.SealedOutputs;
import io.profilestream.profileupdater.profile.TestCipher;
import io.profilestream.profileupdater.profile.TestEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.core.io.ClassPathResource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * With the service's Streams configuration, poison records on every topic the profile-updater
 * reads go to the dead-letter topic (stage {@code profile-updater}, no payload, no value in the
 * detail or the log), and the next valid event is still applied. At-least-once in the driver:
 * with exactly_once_v2, TopologyTestDriver 4.3.1 drops the deserialization handler's records
 * (local-stack's FuzzIT proves them on a real broker).
 */
@ExtendWith(OutputCaptureExtension.class)
class PoisonRecordsTopologyTest {

    private static final String SECRET = "call me at alice@example.com";
    /** Each source topic and a field of its value type that must not be text. */
    private static final Map<String, String> SOURCES = new java.util.LinkedHashMap<>(Map.of(
            Topics.CLEAN_EVENTS.name(), "schemaVersion", Topics.ERASURES.name(), "requestedAt",
            Topics.REKEYS.name(), "requestedAt", Topics.HANDOVERS.name(), "handedOverAt"));

    /** Another user: a record keyed by Alice on the erasures topic, even an empty one, erases her. */
    private static final String BOB = "b2".repeat(32);
    /** Kafka's own skip message carries the exception, whose message quotes the record. */
    private static final String KAFKA_LOGGER = "org.apache.kafka.streams.processor.internals.RecordDeserializer";

    @TempDir
    Path stateDir;

    private final LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());

    @BeforeEach
    void applyTheServicesLevelForKafkasSkipMessage() throws IOException {
        Object level = new YamlPropertySourceLoader().load("application", new ClassPathResource("application.yml"))
                .get(0).getProperty("logging.level." + KAFKA_LOGGER);
        assertThat(level).hasToString("error");
        logging.setLogLevel(KAFKA_LOGGER, LogLevel.ERROR);
    }

    @AfterEach
    void restoreTheTestLevel() {
        logging.setLogLevel(KAFKA_LOGGER, null);
    }

    @Test
    void shouldDeadLetterPoisonOnEverySourceAndKeepApplyingEvents(CapturedOutput output) {
        StreamsProperties streams = new StreamsProperties("profile-updater", stateDir.toString(), 1, "at_least_once",
                (short) -1, Duration.ofMillis(100), 8, "");
        try (TopologyTestDriver driver = new TopologyTestDriver(ProfileTopology.build(
                ProfileTopology.Deps.explicitOnly(ProfileSettings.defaults(), TestCipher.CIPHER)),
                ProfileUpdaterConfiguration.streamsConfig(new KafkaProperties("unused:9092", Map.of()), streams))) {
            TestOutputTopic<String, DeadLetter> dlq = driver.createOutputTopic(Topics.DEAD_LETTERS.name(),
                    Topics.DEAD_LETTERS.keySerde().deserializer(), Topics.DEAD_LETTERS.valueSerde().deserializer());
            List<Tuple> expected = new ArrayList<>();
            for (Map.Entry<String, String> source : SOURCES.entrySet()) {
                String topic = source.getKey();
                TestInputTopic<String, byte[]> in = driver.createInputTopic(topic, new StringSerializer(),
                        new ByteArraySerializer());
                in.pipeInput(TestEvents.ALICE, bytes("not json " + SECRET));
                in.pipeInput(TestEvents.ALICE, bytes("[\"" + SECRET + "\"]"));
                in.pipeInput(TestEvents.ALICE, new byte[0]);
                in.pipeInput((String) null, bytes("{\"unterminated\": \"" + SECRET));
                in.pipeInput(TestEvents.ALICE, bytes("{\"" + source.getValue() + "\": \"" + SECRET + "\"}"));
                for (long offset = 0; offset < 5; offset++) {
                    expected.add(tuple(ReasonCode.MALFORMED_RECORD, "profile-updater", topic, offset, null));
                }
            }
            TestInputTopic<String, CleanEvent> clean = driver.createInputTopic(Topics.CLEAN_EVENTS.name(),
                    Topics.CLEAN_EVENTS.keySerde().serializer(), Topics.CLEAN_EVENTS.valueSerde().serializer());
            clean.pipeInput(TestEvents.ALICE, TestEvents.event(VIEW, TestEvents.T0).item("i1").build());

            List<DeadLetter> letters = dlq.readValuesToList();
            assertThat(letters).extracting(DeadLetter::reason, DeadLetter::stage, DeadLetter::sourceTopic,
                    DeadLetter::offset, DeadLetter::payload).containsExactlyElementsOf(expected);
            assertThat(letters).allSatisfy(l -> assertThat(l.detail()).doesNotContain(SECRET));
            assertThat(new SealedOutputs(driver).readProfiles()).hasSize(1);
        }
        assertThat(output.getOut()).contains("Diverting a poison record at profilestream.events.clean.v1-0@0")
                .doesNotContain(SECRET);
    }

    /**
     * A record that is valid JSON for its type but lacks what a processor needs (no user key, no
     * type, no pseudonym to hand over to) is dead-lettered as {@code MISSING_FIELD} at its own
     * offset, naming the field and nothing of the record, and the service goes on. What the record
     * key supplies is not missing: an erasure or a handover keyed by Bob with an empty body still
     * names Bob, so it is acted on (an erasure of Bob, an empty handover to Bob) and not dead-lettered.
     */
    @Test
    void shouldDeadLetterRecordsMissingARequiredFieldAndKeepApplyingEvents() {
        StreamsProperties streams = new StreamsProperties("profile-updater", stateDir.toString(), 1, "at_least_once",
                (short) -1, Duration.ofMillis(100), 8, "");
        Map<String, List<String>> missingPerOffset = Map.of(
                Topics.CLEAN_EVENTS.name(), List.of("type", "type", "userKey"),
                Topics.ERASURES.name(), java.util.Arrays.asList(null, null, "userKey"),
                Topics.REKEYS.name(), List.of("newUserKey", "newUserKey", "oldUserKey"),
                Topics.HANDOVERS.name(), java.util.Arrays.asList(null, null, "newUserKey"));
        try (TopologyTestDriver driver = new TopologyTestDriver(ProfileTopology.build(
                ProfileTopology.Deps.explicitOnly(ProfileSettings.defaults(), TestCipher.CIPHER)),
                ProfileUpdaterConfiguration.streamsConfig(new KafkaProperties("unused:9092", Map.of()), streams))) {
            TestOutputTopic<String, DeadLetter> dlq = driver.createOutputTopic(Topics.DEAD_LETTERS.name(),
                    Topics.DEAD_LETTERS.keySerde().deserializer(), Topics.DEAD_LETTERS.valueSerde().deserializer());
            List<Tuple> expected = new ArrayList<>();
            for (String topic : SOURCES.keySet()) {
                TestInputTopic<String, byte[]> in = driver.createInputTopic(topic, new StringSerializer(),
                        new ByteArraySerializer());
                in.pipeInput(BOB, bytes("{}"));
                in.pipeInput(BOB, bytes("{\"schemaVersion\":1,\"eventId\":null,\"userKey\":null,"
                        + "\"type\":null,\"requestId\":null,\"oldUserKey\":null,\"newUserKey\":null}"));
                in.pipeInput((String) null, bytes("{}"));
                List<String> missing = missingPerOffset.get(topic);
                for (int offset = 0; offset < missing.size(); offset++) {
                    if (missing.get(offset) != null) {
                        expected.add(tuple(ReasonCode.MISSING_FIELD, "missing required field " + missing.get(offset),
                                "profile-updater", topic, 0, (long) offset, null, null));
                    }
                }
            }
            TestInputTopic<String, CleanEvent> clean = driver.createInputTopic(Topics.CLEAN_EVENTS.name(),
                    Topics.CLEAN_EVENTS.keySerde().serializer(), Topics.CLEAN_EVENTS.valueSerde().serializer());
            clean.pipeInput(TestEvents.ALICE, TestEvents.event(VIEW, TestEvents.T0).item("i1").build());

            assertThat(dlq.readValuesToList()).extracting(DeadLetter::reason, DeadLetter::detail, DeadLetter::stage,
                            DeadLetter::sourceTopic, DeadLetter::partition, DeadLetter::offset, DeadLetter::eventId,
                            DeadLetter::payload)
                    .containsExactlyElementsOf(expected);
            assertThat(expected).hasSize(8);
            assertThat(new SealedOutputs(driver).readProfiles()).filteredOn(kv -> kv.key.equals(TestEvents.ALICE))
                    .singleElement().satisfies(kv -> assertThat(kv.value.eventCount()).isEqualTo(1L));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
