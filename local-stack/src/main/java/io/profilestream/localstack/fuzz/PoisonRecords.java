package io.profilestream.localstack.fuzz;

import io.profilestream.model.dlq.DeadLetter;
import io.profilestream.model.dlq.ReasonCode;
import io.profilestream.model.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Poison records written with a plain producer that bypasses ingest, to every topic a Streams
 * service reads, and the dead letters they must turn into: one per record and per service that
 * reads the topic as JSON ({@link Target#stages}), found on the dead-letter topic by source topic,
 * partition and offset. A {@link Kind#NULL_FIELDS} record is readable: it turns into a
 * {@code MISSING_FIELD} dead letter only from the services that cannot process it without a field
 * it lacks ({@link Target#nullFieldsStages}); the record key it is written with stands in for the
 * user or item fields of the value, so a service that needs nothing else acts on it.
 */
public final class PoisonRecords {

    /** The kinds of poison. */
    public enum Kind {
        /** Bytes that are not JSON (and not UTF-8). */
        NOT_JSON,
        /** A JSON array where an object is expected. */
        WRONG_SHAPE,
        /** A field of the value type holding text where it must not. */
        WRONG_TYPE,
        /** An empty value (zero bytes; not a tombstone). */
        EMPTY,
        /** A null key with a value that is not JSON. */
        NULL_KEY,
        /** 900 KB: an unterminated JSON string. */
        HUGE,
        /** Valid JSON for the type with every identifying field null. */
        NULL_FIELDS
    }

    /**
     * A topic and what its readers do with poison.
     *
     * @param topic          the topic
     * @param stages         the services that dead-letter an unreadable record of it (application ids)
     * @param nullFieldsStages the services that dead-letter {@link Kind#NULL_FIELDS} as
     *                       {@code MISSING_FIELD}; the others need no field it lacks and act on it
     *                       (or, as the recommender with a clean event naming no item, are not
     *                       concerned by it)
     * @param wrongTypeField a field of the value type that must not be text
     */
    public record Target(String topic, List<String> stages, List<String> nullFieldsStages, String wrongTypeField) {
    }

    /** A poison record as written. */
    public record Sent(String topic, Kind kind, int partition, long offset) {
    }

    /**
     * The outcome for one poison record.
     *
     * @param sent     the record
     * @param expected stages that must dead-letter it
     * @param letters  the dead letters found for it
     */
    public record Outcome(Sent sent, List<String> expected, List<DeadLetter> letters) {

        /** Exactly one dead letter per expected stage, from that stage, naming this record. */
        public boolean matches() {
            List<String> stages = letters.stream().map(DeadLetter::stage).sorted().toList();
            return stages.equals(expected.stream().sorted().toList()) && letters.stream().allMatch(l ->
                    l.payload() == null && (sent.kind() == Kind.NULL_FIELDS ? l.reason() == ReasonCode.MISSING_FIELD
                            : l.reason() == ReasonCode.MALFORMED_RECORD));
        }
    }

    private static final String PF = "privacy-filter";
    private static final String PU = "profile-updater";
    private static final String RS = "recommender-service";
    private static final String NULL_FIELDS = "{\"schemaVersion\":1,\"eventId\":null,\"userId\":null,\"userKey\":null,"
            + "\"type\":null,\"itemId\":null,\"requestId\":null,\"oldUserKey\":null,\"newUserKey\":null,"
            + "\"itemIds\":null,\"requestedAt\":null,\"servedAt\":null}";

    /**
     * Every topic a Streams service of the fleet reads. The catalogue is read by the recommender's
     * global thread, which cannot produce dead letters (skipped, logged and counted); profiles and
     * user keys are read as opaque bytes (sealed), so nothing is unreadable there.
     *
     * <p>{@link Kind#NULL_FIELDS}, written keyed: the privacy filter dead-letters a raw event and an
     * erasure request lacking their ids; the profile-updater a clean event without type and a rekey
     * without new pseudonym. An erasure or handover keyed by a pseudonym is complete without more
     * (an erasure of that pseudonym, an empty handover to it), an item keyed by its id too, and an
     * impression without items is folded as nothing shown; the recommender only counts clean events
     * that name an item.
     */
    public static final List<Target> TARGETS = List.of(
            new Target(Topics.RAW_EVENTS.name(), List.of(PF), List.of(PF), "schemaVersion"),
            new Target(Topics.ERASURE_REQUESTS.name(), List.of(PF), List.of(PF), "requestedAt"),
            new Target(Topics.CLEAN_EVENTS.name(), List.of(PU, RS), List.of(PU), "schemaVersion"),
            new Target(Topics.ERASURES.name(), List.of(PU, RS), List.of(), "requestedAt"),
            new Target(Topics.REKEYS.name(), List.of(PU), List.of(PU), "requestedAt"),
            new Target(Topics.HANDOVERS.name(), List.of(PU), List.of(), "handedOverAt"),
            new Target(Topics.ITEMS.name(), List.of(RS), List.of(), "price"),
            new Target(Topics.IMPRESSIONS.name(), List.of(RS), List.of(), "servedAt"),
            new Target(Topics.CATALOGUE.name(), List.of(), List.of(), "popularity"),
            new Target(Topics.PROFILES.name(), List.of(), List.of(), "none"),
            new Target(Topics.USER_KEYS.name(), List.of(), List.of(), "none"));

    private final String bootstrapServers;
    private final String key;

    /**
     * @param bootstrapServers the fleet's broker
     * @param key              the record key of the poison (a pseudonym nobody has, or one the caller then reads)
     */
    public PoisonRecords(String bootstrapServers, String key) {
        this.bootstrapServers = bootstrapServers;
        this.key = key;
    }

    /** The value of {@code kind} for {@code target}. */
    static byte[] value(Kind kind, Target target) {
        return switch (kind) {
            case NOT_JSON -> new byte[] {(byte) 0xFF, 'n', 'o', 't', ' ', 'j', 's', 'o', 'n', 0};
            case WRONG_SHAPE -> bytes("[\"an\",\"array\"]");
            case WRONG_TYPE -> bytes("{\"" + target.wrongTypeField() + "\":{\"an\":\"object\"},\"schemaVersion\":\"text\"}");
            case EMPTY -> new byte[0];
            case NULL_KEY -> bytes("{\"broken\": ");
            case HUGE -> bytes("{\"eventId\":\"" + "x".repeat(900 * 1024));
            case NULL_FIELDS -> bytes(NULL_FIELDS);
        };
    }

    /** Writes every kind to every target, acks=all; returns where each landed. */
    public List<Sent> write() throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1024 * 1024);
        List<Sent> sent = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (Target target : TARGETS) {
                for (Kind kind : Kind.values()) {
                    if (kind == Kind.NULL_KEY && compacted(target.topic())) {
                        // The broker itself refuses a record without key on a compacted topic.
                        continue;
                    }
                    RecordMetadata m = producer.send(new ProducerRecord<>(target.topic(), kind == Kind.NULL_KEY ? null : key,
                            value(kind, target))).get();
                    sent.add(new Sent(target.topic(), kind, m.partition(), m.offset()));
                }
            }
        }
        return sent;
    }

    /**
     * Reads the dead-letter topic until every poison record has its expected dead letters (or
     * {@code timeout}), then {@code settle} more, so a late duplicate would be seen too.
     */
    public List<Outcome> await(List<Sent> sent, Duration timeout, Duration settle) {
        Map<String, Target> targets = new HashMap<>();
        TARGETS.forEach(t -> targets.put(t.topic(), t));
        Map<Sent, List<String>> expected = new LinkedHashMap<>();
        Map<String, Sent> byCoordinates = new HashMap<>();
        for (Sent s : sent) {
            Target t = targets.get(s.topic());
            expected.put(s, s.kind() == Kind.NULL_FIELDS ? t.nullFieldsStages() : t.stages());
            byCoordinates.put(s.topic() + "/" + s.partition() + "/" + s.offset(), s);
        }
        long total = expected.values().stream().mapToLong(List::size).sum();
        Map<Sent, List<DeadLetter>> found = new LinkedHashMap<>();
        sent.forEach(s -> found.put(s, new ArrayList<>()));
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "fuzz-" + UUID.randomUUID());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DEAD_LETTERS.name()).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            long settleUntil = Long.MAX_VALUE;
            long matched = 0;
            while (System.nanoTime() < Math.min(deadline, settleUntil)) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    DeadLetter letter = Topics.DEAD_LETTERS.valueSerde().deserializer().deserialize(r.topic(), r.value());
                    Sent s = letter == null ? null
                            : byCoordinates.get(letter.sourceTopic() + "/" + letter.partition() + "/" + letter.offset());
                    if (s != null) {
                        found.get(s).add(letter);
                        matched++;
                    }
                }
                if (matched >= total && settleUntil == Long.MAX_VALUE) {
                    settleUntil = System.nanoTime() + settle.toNanos();
                }
            }
        }
        List<Outcome> outcomes = new ArrayList<>();
        expected.forEach((s, stages) -> outcomes.add(new Outcome(s, stages, List.copyOf(found.get(s)))));
        return outcomes;
    }

    static boolean compacted(String topic) {
        return Topics.all().stream().anyMatch(t -> t.name().equals(topic) && t.compacted());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
