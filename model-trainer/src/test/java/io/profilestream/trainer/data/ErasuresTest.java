package io.profilestream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.model.erasure.ErasureCommand;
import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.event.EventType;
import io.profilestream.model.topic.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErasuresTest {

    private static final String TOPIC = Topics.ERASURES.name();

    private final StringWriter err = new StringWriter();
    private final List<Map<String, Object>> configs = new ArrayList<>();

    private static byte[] command(String userKey, Long requestedAtMs) {
        return Topics.ERASURES.valueSerde().serializer().serialize(TOPIC, new ErasureCommand("r-" + userKey, userKey, "k1",
                requestedAtMs == null ? null : Instant.ofEpochMilli(requestedAtMs)));
    }

    private static TopicHistory.Read<CleanEvent> clean(String recordKey, String userKey, long recordTime, long eventTime) {
        return new TopicHistory.Read<>(recordKey, recordTime, new CleanEvent(1, "e", userKey, "k1", null, EventType.VIEW, "i",
                "shoes", null, null, null, null, null, null, null, Instant.ofEpochMilli(eventTime)));
    }

    private Erasures read(HistoryConsumer consumer) {
        EventSource.TopicSource source = new EventSource.TopicSource();
        source.bootstrapServers = "kafka:9092";
        source.consumerProperties = Map.of("security.protocol", "SASL_SSL");
        return Erasures.read(TOPIC, source, c -> {
            configs.add(c);
            return consumer;
        }, new PrintWriter(err, true));
    }

    @Test
    void shouldReadTheWholeTopicKeepingEachUsersLatestErasureAndCountingWhatItCannotApply() {
        HistoryConsumer consumer = new HistoryConsumer(TOPIC, 2)
                .append(0, 1_000, "u1", command("u1", 900L))
                .append(0, 2_000, "u1", command("u1", 1_500L))
                // A replayed older request never shortens the later one's reach.
                .append(0, 3_000, "u1", command("u1", 1_200L))
                // No requestedAt: the record time (the filter stamps the record with it).
                .append(1, 4_000, "u2", command("u2", null))
                // No record key: the value's user key.
                .append(1, 5_000, null, command("u3", 4_500L))
                .append(1, 6_000, null, command(null, 6_000L))
                .append(1, 7_000, "u4", null)
                .append(1, 8_000, "u5", "{".getBytes(StandardCharsets.UTF_8));

        Erasures erasures = read(consumer);

        assertThat(erasures.erasedAt("u1")).isEqualTo(1_500L);
        assertThat(erasures.erasedAt("u2")).isEqualTo(4_000L);
        assertThat(erasures.erasedAt("u3")).isEqualTo(4_500L);
        assertThat(erasures.erasedAt("u4")).isNull();
        assertThat(erasures.users()).isEqualTo(3);
        assertThat(erasures.unusable()).isEqualTo(3);
        assertThat(err.toString()).isEqualTo("topic profilestream.erasures.v1: 5 erasure commands of 3 users from the "
                + "beginning up to end offsets {0=3, 1=5}; 3 unusable skipped" + System.lineSeparator());
        assertThat(configs).singleElement().satisfies(c -> assertThat(c).containsEntry("isolation.level", "read_committed")
                .containsEntry("security.protocol", "SASL_SSL").doesNotContainKey("group.id"));
        assertThat(consumer.closed()).isTrue();
        assertThat(erasures.facts(TOPIC, 1, 2)).containsExactly(Map.entry("topic", TOPIC), Map.entry("since", "beginning"),
                Map.entry("endOffsets", Map.of("0", 3L, "1", 5L)), Map.entry("commands", 5L), Map.entry("usersErased", 3),
                Map.entry("unusableSkipped", 3L), Map.entry("usersWithEventsDropped", 1L), Map.entry("eventsDropped", 2L));
    }

    @Test
    void shouldEraseAnEventReceivedOrSentAtOrBeforeTheErasureAndKeepOneEntirelyAfterIt() {
        Erasures erasures = read(new HistoryConsumer(TOPIC, 1).append(0, 1_000, "u1", command("u1", 1_000L)));
        TopicHistory.Read<CleanEvent> bothBefore = clean("u1", "u1", 900, 900);
        TopicHistory.Read<CleanEvent> receivedAtErasure = clean("u1", "u1", 1_000, 1_100);
        TopicHistory.Read<CleanEvent> sentBeforeDeliveredLate = clean("u1", "u1", 5_000, 1_000);
        TopicHistory.Read<CleanEvent> cameBack = clean("u1", "u1", 1_001, 1_001);
        TopicHistory.Read<CleanEvent> keyedByRecordKey = clean("u1", "someone-else", 500, 500);
        TopicHistory.Read<CleanEvent> keyFromValue = clean(null, "u1", 500, 500);
        TopicHistory.Read<CleanEvent> otherUser = clean("u2", "u2", 500, 500);

        var erased = erasures.erasedEvents(List.of(bothBefore, receivedAtErasure, sentBeforeDeliveredLate, cameBack,
                keyedByRecordKey, keyFromValue, otherUser));

        assertThat(erased).containsExactlyInAnyOrder(bothBefore.value(), receivedAtErasure.value(),
                sentBeforeDeliveredLate.value(), keyedByRecordKey.value(), keyFromValue.value());
    }

    @Test
    void shouldExtendAnErasureOfTheNewPseudonymToThePreviousOneAnEventOfTheWindowLinksItTo() {
        Erasures erasures = read(new HistoryConsumer(TOPIC, 1).append(0, 1_000, "new", command("new", 1_000L)));
        TopicHistory.Read<CleanEvent> underOldKey = clean("old", "old", 100, 100);
        TopicHistory.Read<CleanEvent> underOlderKey = clean("older", "older", 50, 50);
        TopicHistory.Read<CleanEvent> unrelated = clean("other", "other", 100, 100);
        // During the grace periods: each event names the pseudonym it had before.
        TopicHistory.Read<CleanEvent> link = linked("new", "old", 200);
        TopicHistory.Read<CleanEvent> olderLink = linked("old", "older", 60);

        var erased = erasures.erasedEvents(List.of(underOlderKey, olderLink, underOldKey, link, unrelated));

        assertThat(erased).containsExactlyInAnyOrder(underOldKey.value(), underOlderKey.value(), link.value(),
                olderLink.value());
    }

    private static TopicHistory.Read<CleanEvent> linked(String userKey, String previousUserKey, long time) {
        return new TopicHistory.Read<>(userKey, time, new CleanEvent(1, "e", userKey, "k2", null, EventType.VIEW, "i",
                "shoes", null, null, null, null, null, null, null, Instant.ofEpochMilli(time), null, previousUserKey));
    }
}
