package io.profilestream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.event.EventType;
import io.profilestream.model.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class TopicHistoryTest {

    private static final String TOPIC = Topics.CLEAN_EVENTS.name();
    private static final Instant SINCE = Instant.ofEpochMilli(1_000);

    private static CleanEvent event(String user, String item) {
        return new CleanEvent(1, "e-" + item, user, "k1", null, EventType.VIEW, item, "shoes", null, null, null, null,
                null, null, null, Instant.ofEpochMilli(1_000));
    }

    private static byte[] bytes(CleanEvent e) {
        return Topics.CLEAN_EVENTS.valueSerde().serializer().serialize(TOPIC, e);
    }

    private static TopicHistory<CleanEvent> history(HistoryConsumer consumer, int maxIdlePolls) {
        return new TopicHistory<>(consumer, TOPIC, Topics.CLEAN_EVENTS.valueSerde().deserializer(), EventSource::unusable,
                Duration.ZERO, maxIdlePolls);
    }

    @Test
    void shouldReadFromSinceUpToTheEndOffsetsCapturedAtTheStartCountingWhatItSkips() {
        HistoryConsumer consumer = new HistoryConsumer(TOPIC, 3)
                .append(0, 500, bytes(event("u1", "old-1")))
                .append(0, 900, bytes(event("u1", "old-2")))
                .append(0, 1_000, bytes(event("u1", "a")))
                .append(0, 1_100, "{not json".getBytes(StandardCharsets.UTF_8))
                .append(0, 1_200, bytes(event("u2", "b")))
                .append(1, 1_000, bytes(event("u3", "c")))
                .append(1, 990, bytes(event("u3", "late-clock")))
                .append(1, 1_300, null)
                .append(1, 1_400, bytes(event(null, "keyless")))
                .append(2, 400, bytes(event("u4", "all-old")))
                // Arrives after the read captured the end offsets: not part of this history.
                .appendOnNextPoll(0, 1_500, bytes(event("u1", "too-new")));

        TopicHistory.Result<CleanEvent> result = history(consumer, 3).read(SINCE);

        assertThat(result.values()).extracting(CleanEvent::itemId).containsExactly("a", "b", "c");
        assertThat(result.endOffsets()).containsExactly(Map.entry(new TopicPartition(TOPIC, 0), 5L),
                Map.entry(new TopicPartition(TOPIC, 1), 4L), Map.entry(new TopicPartition(TOPIC, 2), 1L));
        assertThat(result.beforeSince()).isEqualTo(1);
        assertThat(result.undecodable()).isEqualTo(3);
        assertThat(result.firstUndecodable()).extracting(TopicHistory.Undecodable::partition, TopicHistory.Undecodable::offset)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 3L), org.assertj.core.groups.Tuple.tuple(1, 2L),
                        org.assertj.core.groups.Tuple.tuple(1, 3L));
        assertThat(result.firstUndecodable().get(0).reason())
                .startsWith("not a valid CleanEvent on topic profilestream.events.clean.v1: ");
        assertThat(result.firstUndecodable().get(1).reason()).isEqualTo("no value (tombstone)");
        assertThat(result.firstUndecodable().get(2).reason()).isEqualTo("clean event without userKey");
        assertThat(consumer.committed(consumer.assignment())).isEmpty();
    }

    @Test
    void shouldReadFromTheBeginningWithoutASinceKeepingEachRecordsKeyAndTime() {
        HistoryConsumer consumer = new HistoryConsumer(TOPIC, 2)
                .append(0, 5, "k-a", bytes(event("u1", "a")))
                .append(1, 3, null, bytes(event("u2", "b")))
                .append(1, 7, "k-c", bytes(event("u3", "c")));

        TopicHistory.Result<CleanEvent> result = history(consumer, 3).read(null);

        assertThat(result.records()).extracting(TopicHistory.Read::key, TopicHistory.Read::timestamp)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("k-a", 5L), org.assertj.core.groups.Tuple.tuple(null, 3L),
                        org.assertj.core.groups.Tuple.tuple("k-c", 7L));
        assertThat(result.values()).extracting(CleanEvent::itemId).containsExactly("a", "b", "c");
        assertThat(result.beforeSince()).isZero();
    }

    @Test
    void shouldDescribeOnlyTheFirstFiveUndecodableRecordsButCountThemAll() {
        HistoryConsumer consumer = new HistoryConsumer(TOPIC, 1);
        for (int i = 0; i < 7; i++) {
            consumer.append(0, 2_000, "x".getBytes(StandardCharsets.UTF_8));
        }

        TopicHistory.Result<CleanEvent> result = history(consumer, 3).read(SINCE);

        assertThat(result.values()).isEmpty();
        assertThat(result.undecodable()).isEqualTo(7);
        assertThat(result.firstUndecodable()).extracting(TopicHistory.Undecodable::offset).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void shouldFailNamingThePositionsWhenTheEndOffsetsAreNeverReached() {
        HistoryConsumer consumer = new HistoryConsumer(TOPIC, 1).append(0, 1_000, bytes(event("u1", "a"))).endOffset(0, 3);

        assertThatThrownBy(() -> history(consumer, 2).read(SINCE)).isInstanceOf(IllegalStateException.class)
                .hasMessage("topic 'profilestream.events.clean.v1': no records for 2 polls of PT0S before the end offsets "
                        + "captured at the start were reached (partition: position of end {0=1 of 3})");
    }

    @Test
    void shouldRefuseATopicThatDoesNotExist() {
        HistoryConsumer consumer = new HistoryConsumer(TOPIC, 1);

        assertThatThrownBy(() -> new TopicHistory<>(consumer, "profilestream.events.clean.v9",
                Topics.CLEAN_EVENTS.valueSerde().deserializer(), null, Duration.ZERO, 1).read(SINCE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("topic 'profilestream.events.clean.v9' does not exist or has no partitions");
    }

    @Test
    void shouldReadCommittedRecordsWithoutAGroupWhateverTheExtraPropertiesSay() {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("security.protocol", "SASL_SSL");
        extra.put("isolation.level", "read_uncommitted");
        extra.put("group.id", "someone-elses-group");
        extra.put("enable.auto.commit", "true");

        Map<String, Object> config = TopicHistory.consumerConfig("kafka:9092", extra);

        assertThat(config).containsExactly(Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("isolation.level", "read_committed"), Map.entry("enable.auto.commit", false),
                Map.entry("bootstrap.servers", "kafka:9092"), Map.entry("client.id", "profilestream-trainer"),
                Map.entry("key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer"),
                Map.entry("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer"));
    }

    @Test
    void shouldDefaultTheTopicOptionToTheCleanEventsTopic() {
        assertThat(new picocli.CommandLine(new EventSource.TopicSource()).getCommandSpec().findOption("--topic")
                .defaultValue()).isEqualTo(Topics.CLEAN_EVENTS.name());
    }
}
