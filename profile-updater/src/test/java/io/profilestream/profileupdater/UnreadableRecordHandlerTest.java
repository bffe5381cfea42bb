package io.profilestream.profileupdater;

import static io.profilestream.model.event.EventType.VIEW;
import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.model.config.KafkaProperties;
import io.profilestream.model.config.StreamsProperties;
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
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.ClassPathResource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * With the service's Streams configuration and logging levels, an unreadable record is skipped and
 * logged with where it is, never with what it says.
 */
@ExtendWith(OutputCaptureExtension.class)
class UnreadableRecordHandlerTest {

    private static final String SECRET = "call me at alice@example.com";
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
    void shouldSkipAnUnreadableCleanEventAndLogItsCoordinatesButNotItsContent(CapturedOutput output) {
        StreamsProperties streams = new StreamsProperties("profile-updater", stateDir.toString(), 1, "at_least_once",
                (short) -1, Duration.ofMillis(100), 8, "");
        try (TopologyTestDriver driver = new TopologyTestDriver(ProfileTopology.build(
                ProfileTopology.Deps.explicitOnly(ProfileSettings.defaults(), TestCipher.CIPHER)),
                ProfileUpdaterConfiguration.streamsConfig(new KafkaProperties("unused:9092", Map.of()), streams))) {
            TestInputTopic<String, byte[]> raw = driver.createInputTopic(Topics.CLEAN_EVENTS.name(),
                    new StringSerializer(), new ByteArraySerializer());
            SealedOutputs outputs = new SealedOutputs(driver);

            // A rating that is text: Jackson's message would quote it.
            raw.pipeInput(TestEvents.ALICE, ("{\"schemaVersion\":1,\"eventId\":\"e1\",\"userKey\":\"" + TestEvents.ALICE
                    + "\",\"type\":\"rating\",\"rating\":\"" + SECRET + "\"}").getBytes(StandardCharsets.UTF_8));
            TestInputTopic<String, io.profilestream.model.event.CleanEvent> clean = driver.createInputTopic(
                    Topics.CLEAN_EVENTS.name(), Topics.CLEAN_EVENTS.keySerde().serializer(),
                    Topics.CLEAN_EVENTS.valueSerde().serializer());
            clean.pipeInput(TestEvents.ALICE, TestEvents.event(VIEW, TestEvents.T0).item("i1").build());

            assertThat(outputs.readProfiles()).hasSize(1);
        }
        assertThat(output.getOut())
                .contains("Skipping a record that cannot be read at profilestream.events.clean.v1-0@0 (task 0_0): "
                        + "SerializationException < InvalidFormatException")
                .doesNotContain(SECRET);
    }
}
