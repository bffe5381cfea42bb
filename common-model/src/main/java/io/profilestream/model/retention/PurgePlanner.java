package io.profilestream.model.retention;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Decides how far each partition of a purged topic may be deleted: up to the lowest offset that
 * every consumer group reading the topic has committed. Pure, so the rules are tested without a
 * broker.
 *
 * <p>The readers of a topic are its configured groups plus every other group that has committed an
 * offset on any partition of it. A partition some reader has not committed on is not touched: that
 * reader has not consumed it yet (or is a configured group that never started).
 */
public final class PurgePlanner {

    private PurgePlanner() {
    }

    /**
     * The offset before which records may be deleted, per partition where that deletes anything.
     *
     * @param lowWatermarks  the current earliest offset of every partition of the purged topics
     * @param committed      per consumer group, its committed offsets (partitions it never
     *                       committed on are absent)
     * @param requiredGroups per purged topic, the groups that must have read it
     * @return partition to the new earliest offset; only partitions whose earliest offset moves
     */
    public static Map<TopicPartition, Long> deleteBefore(Map<TopicPartition, Long> lowWatermarks,
                                                         Map<String, Map<TopicPartition, Long>> committed,
                                                         Map<String, Set<String>> requiredGroups) {
        Map<String, Set<String>> readers = readersByTopic(committed, requiredGroups);
        Map<TopicPartition, Long> plan = new HashMap<>();
        lowWatermarks.forEach((partition, low) -> {
            Set<String> groups = readers.getOrDefault(partition.topic(), Set.of());
            if (groups.isEmpty()) {
                return;
            }
            long upTo = Long.MAX_VALUE;
            for (String group : groups) {
                Long offset = committed.getOrDefault(group, Map.of()).get(partition);
                if (offset == null) {
                    return;
                }
                upTo = Math.min(upTo, offset);
            }
            if (upTo > low) {
                plan.put(partition, upTo);
            }
        });
        return plan;
    }

    private static Map<String, Set<String>> readersByTopic(Map<String, Map<TopicPartition, Long>> committed,
                                                           Map<String, Set<String>> requiredGroups) {
        Map<String, Set<String>> readers = new HashMap<>();
        requiredGroups.forEach((topic, groups) -> readers.computeIfAbsent(topic, t -> new HashSet<>()).addAll(groups));
        committed.forEach((group, offsets) -> offsets.keySet().forEach(partition -> {
            Set<String> groups = readers.get(partition.topic());
            if (groups != null) {
                groups.add(group);
            }
        }));
        return readers;
    }
}
