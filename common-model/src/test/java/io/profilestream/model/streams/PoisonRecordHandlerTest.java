package io.profilestream.model.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.profilestream.model.config.KafkaProperties;
import io.profilestream.model.config.StreamsProperties;
import io.profilestream.model.dlq.DeadLetter;
import io.profilestream.model.dlq.ReasonCode;
import io.profilestream.model.event.ItemUpdate;
import io.profilestream.model.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.kstream.Named;
import org.junit.jupiter.api.Test;

class PoisonRecordHandlerTest {

    private static final Instant NOW = Instant.parse("2026-11-30T06:00:00Z");
    private static final String TOPIC = Topics.ITEMS.name();

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PoisonRecordHandler handler = new PoisonRecordHandler(Clock.fixed(NOW, ZoneOffset.UTC), registry);

    @Test
    void shouldDivertAnUnreadableRecordWithoutItsValue() {
        handler.configure(Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "recommender-service"));
        byte[] value = "{\"itemId\": alice-secret}".getBytes(StandardCharsets.UTF_8);
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(TOPIC, 2, 41L, null, value);

        DeserializationExceptionHandler.Response response = handler.handleError(context(),
                record, readError(value));

        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).hasSize(1);
        ProducerRecord<byte[], byte[]> out = response.deadLetterQueueRecords().get(0);
        assertThat(out.topic()).isEqualTo(Topics.DEAD_LETTERS.name());
        assertThat(out.key()).isNull();
        assertThat(letter(out)).isEqualTo(new DeadLetter(ReasonCode.MALFORMED_RECORD,
                "value on topic profilestream.items.v1 cannot be read: not well-formed JSON (line 1, column 18)",
                "recommender-service", TOPIC, 2, 41L, null, null, NOW));
        assertThat(new String(out.value(), StandardCharsets.UTF_8)).doesNotContain("alice");
        assertThat(registry.get(PoisonRecordHandler.METRIC).tag("topic", TOPIC).tag("reason", "MALFORMED_RECORD")
                .counter().count()).isEqualTo(1.0);
    }

    @Test
    void shouldNameTheFieldAndTypeOfAWrongShape() {
        handler.configure(Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "recommender-service"));
        byte[] value = "{\"price\": {\"a\": 1}}".getBytes(StandardCharsets.UTF_8);

        DeserializationExceptionHandler.Response response = handler.handleError(context(),
                new ConsumerRecord<>(TOPIC, 0, 7L, null, value), readError(value));

        assertThat(letter(response.deadLetterQueueRecords().get(0)).detail()).isEqualTo(
                "value on topic profilestream.items.v1 cannot be read: field 'price' cannot be read as BigDecimal"
                        + " (line 1, column 11)");
    }

    @Test
    void shouldKeepThePayloadOnlyWhenConfigured() {
        handler.configure(Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "privacy-filter",
                PoisonRecordHandler.KEEP_PAYLOADS_CONFIG, "true"));
        byte[] value = "not json".getBytes(StandardCharsets.UTF_8);

        DeserializationExceptionHandler.Response response = handler.handleError(context(),
                new ConsumerRecord<>(TOPIC, 0, 7L, null, value), readError(value));

        DeadLetter letter = letter(response.deadLetterQueueRecords().get(0));
        assertThat(letter.payload()).isEqualTo("not json");
        assertThat(letter.stage()).isEqualTo("privacy-filter");
    }

    @Test
    void shouldDivertARecordAProcessorFailsOn() {
        handler.configure(Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "profile-updater"));

        ProcessingExceptionHandler.Response response = handler.handleError(context(),
                new Record<>("k", "v", 5L), new NullPointerException("Cannot invoke \"String.length()\""));

        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        assertThat(letter(response.deadLetterQueueRecords().get(0))).isEqualTo(new DeadLetter(
                ReasonCode.UNPROCESSABLE_RECORD, "processor apply-event failed on the record: NullPointerException",
                "profile-updater", Topics.CLEAN_EVENTS.name(), 3, 99L, null, null, NOW));
    }

    @Test
    void shouldDivertARecordMissingARequiredFieldAsMissingFieldNamingOnlyThePath() {
        handler.configure(Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "profile-updater"));

        ProcessingExceptionHandler.Response response = handler.handleError(context(),
                new Record<>("k", "v", 5L), new MissingFieldException("userKey"));

        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).hasSize(1);
        assertThat(letter(response.deadLetterQueueRecords().get(0))).isEqualTo(new DeadLetter(
                ReasonCode.MISSING_FIELD, "missing required field userKey",
                "profile-updater", Topics.CLEAN_EVENTS.name(), 3, 99L, null, null, NOW));
        assertThat(registry.get(PoisonRecordHandler.METRIC).tag("topic", Topics.CLEAN_EVENTS.name())
                .tag("reason", "MISSING_FIELD").counter().count()).isEqualTo(1.0);
    }

    @Test
    void shouldFindAMissingFieldWrappedByTheProcessor() {
        handler.configure(Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "recommender-service"));

        ProcessingExceptionHandler.Response response = handler.handleError(context(), new Record<>("k", "v", 5L),
                new IllegalStateException("wrapped", new MissingFieldException("shown[0].itemId")));

        assertThat(letter(response.deadLetterQueueRecords().get(0))).isEqualTo(new DeadLetter(
                ReasonCode.MISSING_FIELD, "missing required field shown[0].itemId",
                "recommender-service", Topics.CLEAN_EVENTS.name(), 3, 99L, null, null, NOW));
    }

    @Test
    void shouldFailOnAStreamsFailureInsideAProcessorRatherThanSkipTheRecord() {
        handler.configure(Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "profile-updater"));

        ProcessingExceptionHandler.Response response = handler.handleError(context(), new Record<>("k", "v", 5L),
                new org.apache.kafka.streams.errors.ProcessorStateException("store closed"));

        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
        assertThat(registry.find(PoisonRecordHandler.METRIC).counters()).isEmpty();
    }

    /**
     * TopologyTestDriver honours the handler's dead-letter records: they come out on the
     * dead-letter topic next to the topology's own output, and processing continues. Under
     * at_least_once only: with exactly_once_v2 the driver (4.3.1) drops the records the
     * deserialization handler returns (those of the processing handler still arrive), so the
     * real-broker FuzzIT in local-stack is what proves the exactly-once path.
     */
    @Test
    void shouldWriteDeadLettersThroughTheTopologyTestDriver() throws Exception {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(TOPIC, Topics.ITEMS.consumed())
                .mapValues(item -> item.itemId().toUpperCase(java.util.Locale.ROOT), Named.as("upper"))
                .to("out", org.apache.kafka.streams.kstream.Produced.with(Serdes.String(), Serdes.String()));
        Properties props = StreamsConfigFactory.create(new KafkaProperties("127.0.0.1:1", Map.of()),
                new StreamsProperties("poison-test", Files.createTempDirectory("poison").toString(), 1,
                        "at_least_once", (short) 1, Duration.ofMillis(100), 16, ""));
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
            TestInputTopic<String, byte[]> in = driver.createInputTopic(TOPIC, Serdes.String().serializer(),
                    Serdes.ByteArray().serializer());
            TestOutputTopic<String, DeadLetter> dlq = driver.createOutputTopic(Topics.DEAD_LETTERS.name(),
                    Serdes.String().deserializer(), Topics.DEAD_LETTERS.valueSerde().deserializer());
            TestOutputTopic<String, String> out = driver.createOutputTopic("out", Serdes.String().deserializer(),
                    Serdes.String().deserializer());

            in.pipeInput("i1", "garbage".getBytes(StandardCharsets.UTF_8));
            in.pipeInput("i2", "{\"title\": \"no id\"}".getBytes(StandardCharsets.UTF_8));
            in.pipeInput("i3", "{\"itemId\": \"ok\"}".getBytes(StandardCharsets.UTF_8));

            List<DeadLetter> letters = dlq.readValuesToList();
            assertThat(letters).extracting(DeadLetter::reason, DeadLetter::stage, DeadLetter::sourceTopic,
                            DeadLetter::offset)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(ReasonCode.MALFORMED_RECORD, "poison-test", TOPIC, 0L),
                            org.assertj.core.groups.Tuple.tuple(ReasonCode.UNPROCESSABLE_RECORD, "poison-test", TOPIC,
                                    1L));
            assertThat(letters.get(1).detail())
                    .isEqualTo("processor upper failed on the record: NullPointerException");
            assertThat(out.readValuesToList()).containsExactly("OK");
        }
    }

    private static Exception readError(byte[] value) {
        try {
            Topics.ITEMS.valueSerde().deserializer().deserialize(TOPIC, value);
        } catch (SerializationException e) {
            return e;
        }
        throw new AssertionError("expected the value to be unreadable");
    }

    private static DeadLetter letter(ProducerRecord<byte[], byte[]> record) {
        return Topics.DEAD_LETTERS.valueSerde().deserializer().deserialize(record.topic(), record.value());
    }

    @Test
    void shouldOnlyCountAPoisonRecordOfTheGlobalThreadWhichCannotProduce() {
        handler.configure(Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "recommender-service"));
        byte[] value = "garbage".getBytes(StandardCharsets.UTF_8);

        DeserializationExceptionHandler.Response response = handler.handleError(context(new TaskId(-1, -1)),
                new ConsumerRecord<>(Topics.CATALOGUE.name(), 0, 3L, null, value), readError(value));

        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
        assertThat(registry.get(PoisonRecordHandler.METRIC).tag("topic", Topics.CATALOGUE.name())
                .tag("reason", "MALFORMED_RECORD").counter().count()).isEqualTo(1.0);
    }

    private static ErrorHandlerContext context() {
        return context(new TaskId(0, 3));
    }

    private static ErrorHandlerContext context(TaskId task) {
        return new ErrorHandlerContext() {
            @Override
            public String topic() {
                return Topics.CLEAN_EVENTS.name();
            }

            @Override
            public int partition() {
                return 3;
            }

            @Override
            public long offset() {
                return 99L;
            }

            @Override
            public org.apache.kafka.common.header.Headers headers() {
                return new RecordHeaders();
            }

            @Override
            public String processorNodeId() {
                return "apply-event";
            }

            @Override
            public TaskId taskId() {
                return task;
            }

            @Override
            public long timestamp() {
                return 5L;
            }

            @Override
            public byte[] sourceRawKey() {
                return null;
            }

            @Override
            public byte[] sourceRawValue() {
                return null;
            }
        };
    }
}
