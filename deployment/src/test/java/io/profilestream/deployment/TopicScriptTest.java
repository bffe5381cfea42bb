package io.profilestream.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.model.topic.Topic;
import io.profilestream.model.topic.Topics;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/** The topic catalogue compose and k8s create (k8s/create-topics.sh) is common-model's {@link Topics}. */
class TopicScriptTest {

    @Test
    void shouldCreateExactlyTheTopicsOfTheCatalogue() {
        assertThat(TopicScript.topics().keySet())
                .containsExactlyInAnyOrderElementsOf(Topics.all().stream().map(Topic::name).toList());
    }

    @Test
    void shouldCreateEveryTopicWithItsCleanupPolicyRetentionAndConfigs() {
        Map<String, Map<String, String>> expected = Topics.all().stream()
                .collect(Collectors.toMap(Topic::name, TopicScriptTest::expectedConfigs, (a, b) -> a, TreeMap::new));

        assertThat(new TreeMap<>(TopicScript.topics())).isEqualTo(expected);
    }

    @Test
    void shouldGiveEveryTopicTheSamePartitionCountAndCreateOnlyMissingOnes() {
        // Co-partitioning: a user's clean events, profile, key and impressions meet in one task
        // only when every topic has the same number of partitions.
        assertThat(TopicScript.text())
                .contains("--partitions \"$PARTITIONS\"")
                .contains("--if-not-exists")
                .doesNotContain("--partitions 1")
                .doesNotContain("--alter");
    }

    /** What the local stack's TopicProvisioner creates, with the clean-up policy spelt out for time-retained topics. */
    private static Map<String, String> expectedConfigs(Topic<?, ?> topic) {
        Map<String, String> configs = new TreeMap<>();
        if (topic.compacted()) {
            configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        } else {
            configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
            configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(topic.retentionMs()));
        }
        configs.putAll(topic.configs());
        return configs;
    }
}
