package io.profilestream.trainer.data;

import io.profilestream.model.erasure.ErasureCommand;
import io.profilestream.model.erasure.ErasureMarkers;
import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.topic.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * The erasures a re-fit from the clean-events topic must honour: every {@link ErasureCommand} still
 * on the erasures topic ({@link Topics#ERASURES}), read from its beginning, since an erasure
 * requested before the window still erases the events in it.
 *
 * <p>Same rule as the services' suppression list ({@link ErasureMarkers}, applied by
 * profile-updater's {@code ProfileUpdate}): per user key the latest {@code requestedAt} counts
 * ({@link ErasureMarkers#mark}: an older request never shortens a later one's reach), and an event
 * is erased when its record time (ingest's receive time) OR its event time is at or before it.
 * Both times, as the service: an event received before the erasure belongs to the erased past
 * whatever its sender's clock says, and so does one sent before it but delivered late (an offline
 * buffer). Events entirely after the erasure (the user came back) are kept. The user key is the
 * record key, else the value's {@code userKey}, on both topics, as the services resolve it.
 *
 * <p>Key rotation: an erasure after a rotation's grace period names only the new pseudonym, while
 * the user's events under the old one can still be on the topic. An event of the window that links
 * the two ({@link CleanEvent#previousUserKey()}, set during the grace period) extends the new
 * pseudonym's erasure to the old one, at the same time; without such an event the link is not
 * known here. (An erasure during the grace period names both itself.)
 *
 * <p>An erasure record that does not decode, or names no user, is counted and reported, not
 * applied: the services cannot apply it either (it goes to their dead-letter topic).
 */
public final class Erasures {

    private final Map<String, Long> erasedAt;
    private final TopicHistory.Result<ErasureCommand> read;
    private final long withoutUser;

    Erasures(Map<String, Long> erasedAt, TopicHistory.Result<ErasureCommand> read, long withoutUser) {
        this.erasedAt = erasedAt;
        this.read = read;
        this.withoutUser = withoutUser;
    }

    /**
     * Builds the erasures from the records of the erasures topic.
     *
     * @param read the erasures topic read from its beginning
     */
    public static Erasures of(TopicHistory.Result<ErasureCommand> read) {
        Map<String, Long> at = new HashMap<>();
        long withoutUser = 0;
        for (TopicHistory.Read<ErasureCommand> r : read.records()) {
            ErasureCommand command = ErasureCommand.resolve(r.key(), r.value(), r.timestamp());
            if (command == null) {
                withoutUser++;
            } else {
                at.merge(command.userKey(), command.requestedAt().toEpochMilli(), Math::max);
            }
        }
        return new Erasures(at, read, withoutUser);
    }

    /**
     * Reads {@code topic} (the erasures topic) from its beginning up to its end offsets as of now,
     * under the consumer rules of {@link TopicHistory} (all partitions assigned, read_committed, no
     * group), and prints one summary line to {@code err} (counts only, never a key).
     *
     * @param consumers makes the consumer from its configuration ({@code KafkaConsumer::new} in production)
     */
    public static Erasures read(String topic, EventSource.TopicSource source,
                                Function<Map<String, Object>, Consumer<byte[], byte[]>> consumers, PrintWriter err) {
        TopicHistory.Result<ErasureCommand> result;
        try (Consumer<byte[], byte[]> consumer = consumers.apply(
                TopicHistory.consumerConfig(source.bootstrapServers, source.consumerProperties))) {
            result = new TopicHistory<>(consumer, topic, Topics.ERASURES.valueSerde().deserializer(), null,
                    Duration.ofSeconds(1), EventSource.MAX_IDLE_POLLS).read(null);
        }
        Erasures erasures = of(result);
        err.printf("topic %s: %d erasure commands of %d users from the beginning up to end offsets %s; %d unusable skipped%n",
                topic, result.records().size() - erasures.withoutUser, erasures.erasedAt.size(),
                offsets(result), erasures.unusable());
        return erasures;
    }

    /** The user's latest erasure time (epoch ms), or null when the user was not erased. */
    public Long erasedAt(String userKey) {
        return erasedAt.get(userKey);
    }

    /** Users erased (distinct keys). */
    public int users() {
        return erasedAt.size();
    }

    /** Records that could not be applied: undecodable, tombstones, or naming no user. */
    public long unusable() {
        return read.undecodable() + withoutUser;
    }

    /**
     * The clean events read that belong to an erased user's past, as a set of the very instances
     * in {@code events} (equal events of different records are told apart).
     */
    public Set<CleanEvent> erasedEvents(List<TopicHistory.Read<CleanEvent>> events) {
        Map<String, Long> at = new HashMap<>(erasedAt);
        // To a fixed point: a chain of rotations within the window passes the erasure back link by link.
        // Each change raises a key's time to one of finitely many erasure times, so this ends.
        boolean changed = true;
        while (changed) {
            changed = false;
            for (TopicHistory.Read<CleanEvent> r : events) {
                String previous = r.value().previousUserKey();
                Long newer = previous == null ? null : at.get(key(r));
                Long older = newer == null ? null : at.get(previous);
                if (newer != null && (older == null || older < newer)) {
                    at.put(previous, newer);
                    changed = true;
                }
            }
        }
        Set<CleanEvent> erased = Collections.newSetFromMap(new IdentityHashMap<>());
        for (TopicHistory.Read<CleanEvent> r : events) {
            CleanEvent e = r.value();
            Long until = at.get(key(r));
            if (until != null && (r.timestamp() <= until || e.eventTime().toEpochMilli() <= until)) {
                erased.add(e);
            }
        }
        return erased;
    }

    /** The user key of a clean-events record: its record key, else the value's, as the services resolve it. */
    private static String key(TopicHistory.Read<CleanEvent> r) {
        return r.key() != null ? r.key() : r.value().userKey();
    }

    /**
     * The read's facts for a report, with what the erasures removed from the training set: counts
     * only, never a user key.
     *
     * @param erasedUsers   users of the window with at least one event dropped
     * @param droppedEvents events dropped for an erasure
     */
    public Map<String, Object> facts(String topic, long erasedUsers, long droppedEvents) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("topic", topic);
        facts.put("since", "beginning");
        Map<String, Long> ends = new LinkedHashMap<>();
        read.endOffsets().forEach((tp, end) -> ends.put(String.valueOf(tp.partition()), end));
        facts.put("endOffsets", ends);
        facts.put("commands", read.records().size() - withoutUser);
        facts.put("usersErased", erasedAt.size());
        facts.put("unusableSkipped", unusable());
        facts.put("usersWithEventsDropped", erasedUsers);
        facts.put("eventsDropped", droppedEvents);
        return facts;
    }

    private static String offsets(TopicHistory.Result<?> result) {
        return result.endOffsets().entrySet().stream().map(e -> e.getKey().partition() + "=" + e.getValue())
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
