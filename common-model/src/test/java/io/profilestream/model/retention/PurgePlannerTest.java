package io.profilestream.model.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PurgePlannerTest {

    private static final TopicPartition CLEAN_0 = new TopicPartition("clean", 0);
    private static final TopicPartition CLEAN_1 = new TopicPartition("clean", 1);
    private static final TopicPartition RAW_0 = new TopicPartition("raw", 0);
    private static final Map<String, Set<String>> READERS = Map.of("clean", Set.of("updater", "recommender"),
            "raw", Set.of("filter"));

    @Test
    void shouldDeleteUpToTheLowestOffsetEveryReaderCommitted() {
        Map<TopicPartition, Long> plan = PurgePlanner.deleteBefore(Map.of(CLEAN_0, 0L, CLEAN_1, 5L, RAW_0, 0L),
                Map.of("updater", Map.of(CLEAN_0, 40L, CLEAN_1, 9L), "recommender", Map.of(CLEAN_0, 25L, CLEAN_1, 30L),
                        "filter", Map.of(RAW_0, 70L)),
                READERS);

        assertThat(plan).containsExactlyInAnyOrderEntriesOf(Map.of(CLEAN_0, 25L, CLEAN_1, 9L, RAW_0, 70L));
    }

    @Test
    void shouldKeepAPartitionARequiredReaderHasNotCommittedOn() {
        Map<TopicPartition, Long> plan = PurgePlanner.deleteBefore(Map.of(CLEAN_0, 0L, CLEAN_1, 0L),
                Map.of("updater", Map.of(CLEAN_0, 40L, CLEAN_1, 9L), "recommender", Map.of(CLEAN_0, 25L)),
                READERS);

        assertThat(plan).containsExactlyEntriesOf(Map.of(CLEAN_0, 25L));
    }

    @Test
    void shouldKeepEverythingWhileARequiredReaderHasNeverStarted() {
        Map<TopicPartition, Long> plan = PurgePlanner.deleteBefore(Map.of(CLEAN_0, 0L, CLEAN_1, 0L),
                Map.of("updater", Map.of(CLEAN_0, 40L, CLEAN_1, 9L)), READERS);

        assertThat(plan).isEmpty();
    }

    @Test
    void shouldWaitForAnUnconfiguredGroupThatReadsTheTopic() {
        Map<TopicPartition, Long> plan = PurgePlanner.deleteBefore(Map.of(CLEAN_0, 0L, CLEAN_1, 0L),
                Map.of("updater", Map.of(CLEAN_0, 40L, CLEAN_1, 40L), "recommender", Map.of(CLEAN_0, 40L, CLEAN_1, 40L),
                        "analytics", Map.of(CLEAN_0, 12L)),
                READERS);

        // The extra group has not committed on partition 1 at all: that partition waits too.
        assertThat(plan).containsExactlyEntriesOf(Map.of(CLEAN_0, 12L));
    }

    @Test
    void shouldIgnoreGroupsThatReadOnlyOtherTopics() {
        Map<TopicPartition, Long> plan = PurgePlanner.deleteBefore(Map.of(RAW_0, 0L),
                Map.of("filter", Map.of(RAW_0, 70L), "dashboard", Map.of(new TopicPartition("profiles", 0), 3L)),
                READERS);

        assertThat(plan).containsExactlyEntriesOf(Map.of(RAW_0, 70L));
    }

    @Test
    void shouldNotAskToDeleteWhatIsAlreadyGone() {
        Map<TopicPartition, Long> plan = PurgePlanner.deleteBefore(Map.of(RAW_0, 70L, CLEAN_0, 80L),
                Map.of("filter", Map.of(RAW_0, 70L), "updater", Map.of(CLEAN_0, 60L), "recommender", Map.of(CLEAN_0, 90L)),
                READERS);

        assertThat(plan).isEmpty();
    }

    @Test
    void shouldNotPurgeTopicsNobodyAskedFor() {
        TopicPartition dlq = new TopicPartition("dlq", 0);
        Map<TopicPartition, Long> plan = PurgePlanner.deleteBefore(Map.of(dlq, 0L),
                Map.of("operator", Map.of(dlq, 50L)), READERS);

        assertThat(plan).isEmpty();
    }

    @Test
    void shouldListTheReadersOfEachConfiguredTopic() {
        PurgeProperties properties = new PurgeProperties(true, java.time.Duration.ofSeconds(30), java.util.List.of(
                new PurgeProperties.PurgedTopic("clean", java.util.List.of("updater")),
                new PurgeProperties.PurgedTopic("clean", java.util.List.of("recommender")),
                new PurgeProperties.PurgedTopic("raw", java.util.List.of("filter"))));

        assertThat(ConsumedRecordsPurger.requiredGroups(properties)).isEqualTo(READERS);
    }

    @Test
    void shouldRefuseIntervalsUnderASecond() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new PurgeProperties(true, java.time.Duration.ofMillis(500), java.util.List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("profilestream.purge.interval must be at least 1s, got PT0.5S");
    }
}
