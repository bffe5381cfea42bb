package io.profilestream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.profilestream.model.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CompactedTopicTest {

    private static final String TOPIC = Topics.USER_KEYS.name();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static CompactedTopic.Table read(HistoryConsumer consumer, int maxIdlePolls) {
        return CompactedTopic.read(consumer, TOPIC, Topics.USER_KEYS.keySerde().deserializer(), Duration.ZERO, maxIdlePolls);
    }

    @Test
    void shouldKeepTheLatestValuePerKeyAndDropAKeyAtItsTombstoneUntilItIsWrittenAgain() {
        HistoryConsumer consumer = new HistoryConsumer(TOPIC, 2)
                .append(0, 1, "a", bytes("a1")).append(1, 1, "b", bytes("b1")).append(0, 2, "a", bytes("a2"))
                .append(1, 2, "b", null).append(0, 3, "c", bytes("c1")).append(0, 4, "c", null).append(0, 5, "c", bytes("c2"));

        CompactedTopic.Table table = read(consumer, 3);

        assertThat(table.latest()).containsOnlyKeys("a", "c");
        assertThat(new String(table.latest().get("a"), StandardCharsets.UTF_8)).isEqualTo("a2");
        assertThat(new String(table.latest().get("c"), StandardCharsets.UTF_8)).isEqualTo("c2");
        assertThat(table.records()).isEqualTo(7);
        assertThat(table.tombstones()).isEqualTo(2);
        assertThat(table.keyless()).isZero();
        assertThat(CompactedTopic.describe(table.endOffsets())).isEqualTo("{0=5, 1=2}");
    }

    @Test
    void shouldFailNamingThePositionsWhenTheEndOffsetsAreNeverReached() {
        HistoryConsumer consumer = new HistoryConsumer(TOPIC, 1).append(0, 1, "a", bytes("a1")).endOffset(0, 3);

        assertThatThrownBy(() -> read(consumer, 2)).isInstanceOf(IllegalStateException.class)
                .hasMessage("topic 'profilestream.user-keys.v1': no records for 2 polls of PT0S before the end offsets "
                        + "captured at the start were reached (partition: position of end {0=1 of 3})");
    }

    @Test
    void shouldRefuseATopicThatDoesNotExist() {
        HistoryConsumer consumer = new HistoryConsumer(TOPIC, 1);

        assertThatThrownBy(() -> CompactedTopic.read(consumer, "profilestream.user-keys.v9",
                Topics.USER_KEYS.keySerde().deserializer(), Duration.ZERO, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("topic 'profilestream.user-keys.v9' does not exist or has no partitions");
    }
}
