package io.profilestream.localstack.broker;

import io.profilestream.model.topic.Topic;
import io.profilestream.model.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates every topic of the {@link Topics} catalogue (compacted or time-retained as declared)
 * and waits until each partition has a leader: producing earlier, with idempotence on, can
 * silently lose the first batch on a fresh broker (KAFKA-15591, PROBES trap 1).
 */
public final class TopicProvisioner {

    private static final Duration LEADER_TIMEOUT = Duration.ofSeconds(60);

    private TopicProvisioner() {
    }

    /** Creates missing topics with {@code partitions} partitions each; existing ones are kept. */
    public static void provision(String bootstrapServers, int partitions) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = Topics.all().stream()
                    .filter(t -> !existing.contains(t.name()))
                    .map(t -> newTopic(t, partitions))
                    .toList();
            try {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            awaitLeaders(admin, Topics.all().stream().map(Topic::name).toList());
        }
    }

    static NewTopic newTopic(Topic<?, ?> topic, int partitions) {
        Map<String, String> config = new HashMap<>();
        if (topic.compacted()) {
            config.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        } else {
            config.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(topic.retentionMs()));
        }
        config.putAll(topic.configs());
        return new NewTopic(topic.name(), partitions, (short) 1).configs(config);
    }

    private static void awaitLeaders(Admin admin, List<String> names) throws Exception {
        Instant deadline = Instant.now().plus(LEADER_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            Map<String, TopicDescription> described;
            try {
                described = admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!stillPropagating(e)) {
                    throw e;
                }
                Thread.sleep(100);
                continue;
            }
            boolean allLed = described.values().stream()
                    .flatMap(d -> d.partitions().stream())
                    .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
            if (allLed) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("topic partitions still without a leader after " + LEADER_TIMEOUT.toSeconds() + " s");
    }

    /**
     * Whether a describe failed only because the topics just created have not reached the
     * broker's metadata yet: right after creation a KRaft broker can answer "does not host this
     * topic-partition" (a CI run of ChaosIT failed on it, 2026-11-30) before it knows the topic.
     */
    static boolean stillPropagating(ExecutionException e) {
        return e.getCause() instanceof UnknownTopicOrPartitionException;
    }
}
