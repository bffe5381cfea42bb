package io.profilestream.ingest.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.ingest.erasure.ErasureProgress.Phase;
import io.profilestream.ingest.erasure.ErasureProgress.ServiceProgress;
import io.profilestream.model.erasure.ErasureStatus;
import io.profilestream.model.erasure.ErasureStatus.State;
import io.profilestream.model.topic.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The view driven from the test thread: {@code assign} and {@code pollOnce} are exactly what its
 * own thread runs, here fed by Kafka's MockConsumer.
 */
class ErasureStatusViewTest {

    private static final String TOPIC = Topics.ERASURE_STATUS.name();
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    private static final String USER = "a1b2c3";
    private static final Instant REQUESTED_AT = Instant.parse("2025-03-01T10:00:00Z");

    private final MockConsumer<String, ErasureStatus> consumer = new MockConsumer<>("earliest");
    private final ErasureStatusView view = new ErasureStatusView(() -> consumer);
    private long nextOffset;

    @BeforeEach
    void twoPartitionTopic() {
        consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, null, null, null),
                new PartitionInfo(TOPIC, 1, null, null, null)));
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        consumer.updateEndOffsets(Map.of(P0, 0L, P1, 0L));
    }

    private static ErasureStatus requested(String requestId, Instant at) {
        return new ErasureStatus(requestId, USER, ErasureStatus.INGEST, State.REQUESTED, at, at, "accepted by ingest");
    }

    private static ErasureStatus completed(String requestId, String service, String at, String detail) {
        return new ErasureStatus(requestId, USER, service, State.COMPLETED, REQUESTED_AT, Instant.parse(at), detail);
    }

    private void read(ErasureStatus... statuses) {
        for (ErasureStatus status : statuses) {
            consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, nextOffset++, ErasureStatus.key(USER, status.service()), status));
        }
        view.pollOnce(consumer);
    }

    private void tombstone(String service) {
        consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, nextOffset++, ErasureStatus.key(USER, service), null));
        view.pollOnce(consumer);
    }

    private static ServiceProgress pending(String service) {
        return new ServiceProgress(service, Phase.PENDING, null, null);
    }

    @Test
    void shouldNotAssignWhileTheTopicDoesNotExist() {
        MockConsumer<String, ErasureStatus> noTopic = new MockConsumer<>("earliest");

        assertThat(new ErasureStatusView(() -> noTopic).assign(noTopic)).isFalse();
        assertThat(noTopic.assignment()).isEmpty();
    }

    @Test
    void shouldAssignEveryPartitionAndCountAsLoadedOnlyOnceItHasReadUpToTheEndOffsets() {
        consumer.updateEndOffsets(Map.of(P0, 2L, P1, 0L));

        assertThat(view.assign(consumer)).isTrue();
        assertThat(consumer.assignment()).containsExactlyInAnyOrder(P0, P1);
        assertThat(view.isLoaded()).isFalse();

        read(requested("r1", REQUESTED_AT));
        assertThat(view.isLoaded()).isFalse();
        read(completed("r1", ErasureStatus.PRIVACY_FILTER, "2025-03-01T10:00:01Z", "marker set"));
        assertThat(view.isLoaded()).isTrue();
    }

    @Test
    void shouldCountAnEmptyTopicAsLoadedAtOnce() {
        view.assign(consumer);

        assertThat(view.isLoaded()).isTrue();
        assertThat(view.progress(USER)).isEmpty();
    }

    @Test
    void shouldReportCompletedWithTheLatestConfirmationTimeOnceEveryServiceConfirmedTheRequest() {
        view.assign(consumer);
        read(requested("r1", REQUESTED_AT),
                completed("r1", ErasureStatus.PRIVACY_FILTER, "2025-03-01T10:00:01Z", "marker set"),
                completed("r1", ErasureStatus.RECOMMENDER, "2025-03-01T10:00:03Z", "2 impressions removed"),
                completed("r1", ErasureStatus.PROFILE_UPDATER, "2025-03-01T10:00:02Z", "profile removed"));

        assertThat(view.progress(USER)).contains(new ErasureProgress("r1", REQUESTED_AT, Phase.COMPLETED,
                Instant.parse("2025-03-01T10:00:03Z"), List.of(
                new ServiceProgress(ErasureStatus.PRIVACY_FILTER, Phase.COMPLETED, Instant.parse("2025-03-01T10:00:01Z"),
                        "marker set"),
                new ServiceProgress(ErasureStatus.PROFILE_UPDATER, Phase.COMPLETED, Instant.parse("2025-03-01T10:00:02Z"),
                        "profile removed"),
                new ServiceProgress(ErasureStatus.RECOMMENDER, Phase.COMPLETED, Instant.parse("2025-03-01T10:00:03Z"),
                        "2 impressions removed"))));
    }

    @Test
    void shouldStayPendingWhileAnyServiceHasNotConfirmed() {
        view.assign(consumer);
        read(requested("r1", REQUESTED_AT),
                completed("r1", ErasureStatus.PRIVACY_FILTER, "2025-03-01T10:00:01Z", "marker set"));

        assertThat(view.progress(USER)).contains(new ErasureProgress("r1", REQUESTED_AT, Phase.PENDING, null, List.of(
                new ServiceProgress(ErasureStatus.PRIVACY_FILTER, Phase.COMPLETED, Instant.parse("2025-03-01T10:00:01Z"),
                        "marker set"),
                pending(ErasureStatus.PROFILE_UPDATER), pending(ErasureStatus.RECOMMENDER))));
    }

    @Test
    void shouldNotCountAConfirmationOfAnOlderRequest() {
        Instant secondAt = Instant.parse("2025-03-02T09:00:00Z");
        view.assign(consumer);
        read(requested("r1", REQUESTED_AT),
                completed("r1", ErasureStatus.PRIVACY_FILTER, "2025-03-01T10:00:01Z", "marker set"),
                completed("r1", ErasureStatus.PROFILE_UPDATER, "2025-03-01T10:00:02Z", "profile removed"),
                completed("r1", ErasureStatus.RECOMMENDER, "2025-03-01T10:00:03Z", "2 impressions removed"),
                requested("r2", secondAt),
                completed("r2", ErasureStatus.PROFILE_UPDATER, "2025-03-02T09:00:02Z", "profile removed"));

        assertThat(view.progress(USER)).contains(new ErasureProgress("r2", secondAt, Phase.PENDING, null, List.of(
                pending(ErasureStatus.PRIVACY_FILTER),
                new ServiceProgress(ErasureStatus.PROFILE_UPDATER, Phase.COMPLETED, Instant.parse("2025-03-02T09:00:02Z"),
                        "profile removed"),
                pending(ErasureStatus.RECOMMENDER))));
    }

    @Test
    void shouldForgetAServicesStatusOnATombstoneAndTheRequestOnIngestsTombstone() {
        view.assign(consumer);
        read(requested("r1", REQUESTED_AT),
                completed("r1", ErasureStatus.PRIVACY_FILTER, "2025-03-01T10:00:01Z", "marker set"));

        tombstone(ErasureStatus.PRIVACY_FILTER);
        assertThat(view.progress(USER)).contains(new ErasureProgress("r1", REQUESTED_AT, Phase.PENDING, null, List.of(
                pending(ErasureStatus.PRIVACY_FILTER), pending(ErasureStatus.PROFILE_UPDATER),
                pending(ErasureStatus.RECOMMENDER))));

        tombstone(ErasureStatus.INGEST);
        assertThat(view.progress(USER)).isEmpty();
    }

    @Test
    void shouldAnswerFromItsOwnWriteUntilTheTopicHasSomethingNewer() {
        Instant secondAt = Instant.parse("2025-03-02T09:00:00Z");
        Instant thirdAt = Instant.parse("2025-03-02T09:05:00Z");
        view.assign(consumer);
        read(requested("r1", REQUESTED_AT));

        view.recordOwnWrite(requested("r2", secondAt));
        assertThat(view.progress(USER)).map(ErasureProgress::requestId).contains("r2");
        read(requested("r2", secondAt));
        assertThat(view.progress(USER)).map(ErasureProgress::requestId).contains("r2");
        // Another replica accepted a later request: once read, it is the one reported.
        read(requested("r3", thirdAt));
        assertThat(view.progress(USER)).map(ErasureProgress::requestId).contains("r3");
    }

    @Test
    void shouldIgnoreAKeyThatNamesNoService() {
        view.assign(consumer);
        consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, nextOffset++, USER, requested("r1", REQUESTED_AT)));
        view.pollOnce(consumer);

        assertThat(view.progress(USER)).isEmpty();
    }

    @Test
    void shouldCloseTheConsumerWhenStopped() {
        view.start();
        assertThat(view.isRunning()).isTrue();

        view.stop();

        assertThat(view.isRunning()).isFalse();
        assertThat(consumer.closed()).isTrue();
    }
}
