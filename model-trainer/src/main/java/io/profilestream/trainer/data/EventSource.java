package io.profilestream.trainer.data;

import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.topic.Topics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Where a fitting command's events come from: a clickstream file ({@code -i FILE --preset NAME}) or
 * the live clean-events topic ({@code --from-topic --bootstrap-servers HOST:PORT}), exactly one; for
 * {@code segments} also the current profiles ({@code --from-profiles --bootstrap-servers HOST:PORT},
 * {@link #fromProfiles()}), which commands that need events refuse.
 * Use as {@code @ArgGroup(exclusive = true, multiplicity = "1") EventSource source;}.
 */
public final class EventSource {

    /** Empty polls in a row tolerated before a topic read gives up (with a 1 s poll: half a minute). */
    static final int MAX_IDLE_POLLS = 30;

    @ArgGroup(exclusive = false, multiplicity = "1", heading = "Events from a file:%n")
    public FileSource file;

    @ArgGroup(exclusive = false, multiplicity = "1",
            heading = "From Kafka (the clean events profile-updater folds, or with --from-profiles its profiles):%n")
    public TopicSource topic;

    /** {@code -i FILE [--preset NAME]}. */
    public static final class FileSource {
        @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE",
                description = "Source clickstream, e.g. ../shared/data/taobao_userbehavior_head/UserBehavior_head.csv.")
        public Path input;

        @Option(names = "--preset", defaultValue = "taobao", paramLabel = "NAME",
                description = "Import preset of the input (see import --help; default: ${DEFAULT-VALUE}).")
        public String preset;
    }

    /**
     * {@code --bootstrap-servers HOST:PORT [--topic NAME] [--consumer-property K=V]... (--from-topic | --from-profiles
     * [--local-development-key])}: the Kafka options are shared, because picocli allows an option in one group only.
     */
    public static final class TopicSource {
        @ArgGroup(exclusive = true, multiplicity = "1")
        public KafkaRead read;

        @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT",
                description = "Kafka bootstrap servers, comma-separated.")
        public String bootstrapServers;

        @Option(names = "--topic", defaultValue = "profilestream.events.clean.v1", paramLabel = "NAME",
                description = "Topic of CleanEvent values (default: ${DEFAULT-VALUE}).")
        public String name;

        @Option(names = "--consumer-property", paramLabel = "KEY=VALUE",
                description = "Extra Kafka consumer setting, repeatable (e.g. security.protocol=SASL_SSL).")
        public Map<String, String> consumerProperties = new LinkedHashMap<>();
    }

    /** What is read from Kafka: the clean-events topic, or the current profiles (segments only). */
    public static final class KafkaRead {
        @Option(names = "--from-topic", required = true,
                description = "Read the events from the clean-events topic (committed records only, no consumer group).")
        public boolean fromTopic;

        @ArgGroup(exclusive = false, multiplicity = "1")
        public ProfilesSource profiles;
    }

    /** {@code --from-profiles [--local-development-key]}: see {@link ProfileSnapshot}. */
    public static final class ProfilesSource {
        @Option(names = "--from-profiles", required = true,
                description = "segments only: cluster the current profiles (the compacted profiles and user-keys topics, "
                        + "opened with the master key in PROFILESTREAM_ENCRYPTION_MASTER_KEY and _ID, as the services do).")
        public boolean fromProfiles;

        @Option(names = "--local-development-key",
                description = "With --from-profiles and no PROFILESTREAM_ENCRYPTION_MASTER_KEY: the local stack's public "
                        + "master key (the services' 'local' profile). Protects nothing; never in production.")
        public boolean localDevelopmentKey;
    }

    /** True for {@code --from-topic}. */
    public boolean fromTopic() {
        return topic != null && topic.read.profiles == null;
    }

    /** True for {@code --from-profiles}. */
    public boolean fromProfiles() {
        return topic != null && topic.read.profiles != null;
    }

    /** Why a decoded clean event cannot be folded, or null. */
    static String unusable(CleanEvent e) {
        if (e.userKey() == null || e.userKey().isBlank()) {
            return "clean event without userKey";
        }
        if (e.type() == null) {
            return "clean event without type";
        }
        return e.eventTime() == null ? "clean event without eventTime" : null;
    }

    /**
     * Reads the topic's clean events whose record time is at or after {@code since}, up to the end
     * offsets as of now, and prints one summary line to {@code err}: how many were read and how
     * many were skipped as undecodable or before {@code since} (never silently).
     *
     * @param consumers makes the consumer from its configuration ({@code KafkaConsumer::new} in production)
     */
    public static TopicHistory.Result<CleanEvent> readCleanEvents(TopicSource source, Instant since,
            Function<Map<String, Object>, Consumer<byte[], byte[]>> consumers, PrintWriter err) {
        // The topic's own serde, whatever name it is read under.
        var deserializer = Topics.CLEAN_EVENTS.valueSerde().deserializer();
        TopicHistory.Result<CleanEvent> result;
        try (Consumer<byte[], byte[]> consumer = consumers.apply(
                TopicHistory.consumerConfig(source.bootstrapServers, source.consumerProperties))) {
            result = new TopicHistory<>(consumer, source.name, deserializer, EventSource::unusable, Duration.ofSeconds(1),
                    MAX_IDLE_POLLS).read(since);
        }
        err.printf("topic %s: %d events since %s up to end offsets %s; %d records before it skipped; %d undecodable skipped%s%n",
                source.name, result.values().size(), since, result.endOffsets().entrySet().stream()
                        .map(e -> e.getKey().partition() + "=" + e.getValue()).collect(Collectors.joining(", ", "{", "}")),
                result.beforeSince(), result.undecodable(), result.firstUndecodable().isEmpty() ? ""
                        : result.firstUndecodable().stream().map(u -> "partition " + u.partition() + " offset " + u.offset()
                        + ": " + u.reason()).collect(Collectors.joining("; ", " (", result.undecodable()
                        > result.firstUndecodable().size() ? "; ...)" : ")")));
        return result;
    }

    /** The read's facts for a report. */
    public static Map<String, Object> facts(TopicSource source, Instant since, TopicHistory.Result<CleanEvent> r) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("topic", source.name);
        facts.put("since", since.toString());
        Map<String, Long> ends = new LinkedHashMap<>();
        r.endOffsets().forEach((tp, end) -> ends.put(String.valueOf(tp.partition()), end));
        facts.put("endOffsets", ends);
        facts.put("events", r.values().size());
        facts.put("beforeSinceSkipped", r.beforeSince());
        facts.put("undecodableSkipped", r.undecodable());
        return facts;
    }

    /**
     * An instant ({@code 2017-11-25T00:00:00+08:00}) or a duration back from {@code now} ({@code 14d}, {@code PT36H}).
     *
     * @throws IllegalArgumentException naming both forms
     */
    public static Instant instantOrAgo(String option, String value, Instant now) {
        try {
            return java.time.OffsetDateTime.parse(value).toInstant();
        } catch (RuntimeException notAnInstant) {
            try {
                Duration ago = ImportSettings.parseDuration(value);
                if (!ago.isNegative()) {
                    return now.minus(ago);
                }
            } catch (IllegalArgumentException notADuration) {
                // fall through to the message naming both forms
            }
            throw new IllegalArgumentException(option + " must be an ISO-8601 instant with offset like "
                    + "2017-11-25T00:00:00+08:00 or a duration back from now like 14d, got '" + value + "'");
        }
    }
}
