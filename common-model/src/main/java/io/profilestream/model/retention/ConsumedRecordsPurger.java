package io.profilestream.model.retention;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the records of time-retained topics once every consumer group that reads them has
 * committed past them ({@link Admin#deleteRecords}), the way Kafka Streams purges its own
 * repartition topics.
 *
 * <p>Why: events, erasure requests and served lists are personal data on topics that nothing can
 * delete one record of. Left to time retention, an erased user's records would stay readable for
 * 7-14 days after the erasure completed. Once every reader has processed them they have no further
 * use in the chain, so they go at the next pass (every {@code interval}). Only records no reader
 * still needs are deleted: a group that has not committed on a partition blocks that partition
 * (see {@link PurgePlanner}), and a reader that is down lets its records wait for time retention.
 *
 * <p>Thread-safe; {@link #purgeOnce} may run on the scheduler thread and in tests alike.
 */
public final class ConsumedRecordsPurger implements AutoCloseable {

    /** Counter of deleted records, tagged {@code topic}. */
    public static final String DELETED_METRIC = "profilestream.purge.deleted.records";

    private static final Logger LOG = LoggerFactory.getLogger(ConsumedRecordsPurger.class);
    private static final Set<GroupType> OFFSET_KEEPING_GROUPS = Set.of(GroupType.CLASSIC, GroupType.CONSUMER,
            GroupType.STREAMS);

    private final Admin admin;
    private final Map<String, Set<String>> requiredGroups;
    private final Duration timeout;
    private final MeterRegistry registry;
    private final Map<String, Counter> deleted = new HashMap<>();
    private ScheduledExecutorService scheduler;

    /**
     * @param admin          admin client; closed with this purger
     * @param requiredGroups per topic to purge, the groups that must have read it
     * @param timeout        bound of each admin call
     * @param registry       receives {@value #DELETED_METRIC}; null for none
     */
    public ConsumedRecordsPurger(Admin admin, Map<String, Set<String>> requiredGroups, Duration timeout,
                                 MeterRegistry registry) {
        this.admin = admin;
        this.requiredGroups = Map.copyOf(requiredGroups);
        this.timeout = timeout;
        this.registry = registry;
    }

    /** The topics of {@code properties} with their readers. */
    public static Map<String, Set<String>> requiredGroups(PurgeProperties properties) {
        Map<String, Set<String>> groups = new HashMap<>();
        for (PurgeProperties.PurgedTopic topic : properties.topics()) {
            groups.computeIfAbsent(topic.name(), t -> new HashSet<>()).addAll(topic.readers());
        }
        return groups;
    }

    /** Runs {@link #purgeOnce} every {@code interval} on a daemon thread until {@link #close}. */
    public synchronized void start(Duration interval) {
        if (scheduler != null || requiredGroups.isEmpty()) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "consumed-records-purger");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::purgeQuietly, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        LOG.info("Deleting consumed records of {} every {}", requiredGroups.keySet(), interval);
    }

    /**
     * One pass: reads the partitions' earliest offsets and every group's committed offsets, then
     * deletes what all readers have consumed.
     *
     * @return partition to its new earliest offset, for the partitions that moved
     */
    public Map<TopicPartition, Long> purgeOnce() throws InterruptedException, ExecutionException, TimeoutException {
        List<TopicPartition> partitions = partitions();
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, Long> low = earliest(partitions);
        Map<TopicPartition, Long> plan = PurgePlanner.deleteBefore(low, committed(partitions), requiredGroups);
        if (plan.isEmpty()) {
            return plan;
        }
        Map<TopicPartition, RecordsToDelete> request = new HashMap<>();
        plan.forEach((partition, offset) -> request.put(partition, RecordsToDelete.beforeOffset(offset)));
        admin.deleteRecords(request).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        plan.forEach((partition, offset) -> count(partition.topic(), offset - low.get(partition)));
        LOG.debug("Deleted consumed records: {}", plan);
        return plan;
    }

    private void purgeQuietly() {
        try {
            purgeOnce();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // A broker away or a group mid-rebalance: nothing is deleted this pass, the next retries.
            LOG.warn("Could not delete consumed records this pass: {}", e.toString());
        }
    }

    private List<TopicPartition> partitions() throws InterruptedException, ExecutionException, TimeoutException {
        List<TopicPartition> partitions = new ArrayList<>();
        var described = admin.describeTopics(requiredGroups.keySet()).topicNameValues();
        for (var entry : described.entrySet()) {
            TopicDescription description;
            try {
                description = entry.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    continue;
                }
                throw e;
            }
            description.partitions().forEach(p -> partitions.add(new TopicPartition(entry.getKey(), p.partition())));
        }
        return partitions;
    }

    private Map<TopicPartition, Long> earliest(List<TopicPartition> partitions)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        partitions.forEach(p -> specs.put(p, OffsetSpec.earliest()));
        Map<TopicPartition, Long> low = new HashMap<>();
        admin.listOffsets(specs).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .forEach((partition, info) -> low.put(partition, info.offset()));
        return low;
    }

    /** Committed offsets on {@code partitions} of every group that keeps offsets, plus the required ones. */
    private Map<String, Map<TopicPartition, Long>> committed(List<TopicPartition> partitions)
            throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> groups = new HashSet<>();
        requiredGroups.values().forEach(groups::addAll);
        for (GroupListing listing : admin.listGroups(new ListGroupsOptions().withTypes(OFFSET_KEEPING_GROUPS))
                .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            groups.add(listing.groupId());
        }
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        groups.forEach(group -> specs.put(group, new ListConsumerGroupOffsetsSpec().topicPartitions(partitions)));
        ListConsumerGroupOffsetsResult result = admin.listConsumerGroupOffsets(specs);
        Map<String, Map<TopicPartition, Long>> committed = new HashMap<>();
        for (String group : groups) {
            // A group whose offsets cannot be read fails the pass: deleting without knowing what it
            // has consumed could delete what it still needs.
            Map<TopicPartition, OffsetAndMetadata> offsets = result.partitionsToOffsetAndMetadata(group)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, Long> known = new HashMap<>();
            offsets.forEach((partition, offset) -> {
                if (offset != null) {
                    known.put(partition, offset.offset());
                }
            });
            committed.put(group, known);
        }
        return committed;
    }

    private void count(String topic, long records) {
        if (registry == null || records <= 0) {
            return;
        }
        Counter counter;
        synchronized (deleted) {
            counter = deleted.computeIfAbsent(topic, t -> Counter.builder(DELETED_METRIC)
                    .description("Records deleted from a time-retained topic once every reader had consumed them")
                    .tag("topic", t).register(registry));
        }
        counter.increment(records);
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
        admin.close(Duration.ofSeconds(5));
    }
}
