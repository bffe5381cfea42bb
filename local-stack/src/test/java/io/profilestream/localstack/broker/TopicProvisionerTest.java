package io.profilestream.localstack.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.model.topic.Topics;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

class TopicProvisionerTest {

    @Test
    void shouldCreateTheUserKeysTopicCompactedEagerlySoDestroyedKeysLeaveTheDisk() {
        NewTopic topic = TopicProvisioner.newTopic(Topics.USER_KEYS, 4);

        assertThat(topic.name()).isEqualTo("profilestream.user-keys.v1");
        assertThat(topic.numPartitions()).isEqualTo(4);
        assertThat(topic.configs()).isEqualTo(Map.of("cleanup.policy", "compact", "segment.ms", "3600000",
                "min.cleanable.dirty.ratio", "0.01", "delete.retention.ms", "3600000", "max.compaction.lag.ms", "3600000"));
    }

    @Test
    void shouldCreateTimeRetainedTopicsWithTheirRetention() {
        NewTopic topic = TopicProvisioner.newTopic(Topics.CLEAN_EVENTS, 4);

        assertThat(topic.configs()).isEqualTo(Map.of("retention.ms", "604800000"));
    }

    @Test
    void shouldKeepWaitingWhileTheBrokerDoesNotHostTheNewTopicsYet() {
        assertThat(TopicProvisioner.stillPropagating(new ExecutionException(
                new UnknownTopicOrPartitionException("This server does not host this topic-partition.")))).isTrue();
    }

    @Test
    void shouldFailAtOnceOnAnyOtherDescribeError() {
        assertThat(TopicProvisioner.stillPropagating(new ExecutionException(
                new TopicAuthorizationException("not allowed")))).isFalse();
    }
}
