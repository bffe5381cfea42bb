package io.profilestream.privacyfilter.topology;

import io.profilestream.model.dlq.DeadLetter;
import io.profilestream.model.dlq.ReasonCode;
import io.profilestream.model.streams.PoisonDetail;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Builds the dead-letter records of this stage and their details; every processor that rejects
 * uses it. A detail names fields, rules, limits and numbers only, never a value a shop sent as
 * text (ids, IPs, user agents, search or review text): unlike the payload, which
 * {@link DeadLetterPayloadProcessor} drops by default, the detail is always kept.
 */
final class DeadLetters {

    /** The {@link DeadLetter#stage()} of everything this service diverts. */
    static final String STAGE = "privacy-filter";

    private DeadLetters() {
    }

    /**
     * Operation name of the Kafka Streams sensor counting diversions for {@code reason}: metrics
     * {@code dead-letters-<reason>-total} and {@code -rate} in group
     * {@code stream-privacy-filter-metrics}, e.g. {@code dead-letters-bot-suspected-total}; on
     * {@code /actuator/prometheus} as {@code kafka_stream_privacy_filter_dead_letters_<reason>_total}.
     */
    static String sensorName(ReasonCode reason) {
        return "dead-letters-" + reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /**
     * A dead-letter record for the record being processed, keyed by its event id when known and
     * stamped with the input's timestamp. It carries {@code original} as its payload; whether the
     * payload reaches the topic is decided by {@link DeadLetterPayloadProcessor}, the one node
     * every dead letter passes through.
     */
    static Record<String, DeadLetter> of(ProcessingContext context, Clock clock, long timestamp, ReasonCode reason,
                                         String detail, String eventId, byte[] original) {
        // Punctuations have no source record; none here dead-letters, but never fail for want of it.
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse(null);
        int partition = context.recordMetadata().map(RecordMetadata::partition).orElse(-1);
        long offset = context.recordMetadata().map(RecordMetadata::offset).orElse(-1L);
        String payload = original == null ? null : DeadLetter.truncate(new String(original, StandardCharsets.UTF_8));
        context.metrics().addRateTotalSensor(DeadLetters.STAGE, context.taskId().toString(), sensorName(reason),
                Sensor.RecordingLevel.INFO).record();
        DeadLetter letter = new DeadLetter(reason, detail, STAGE, topic, partition, offset, eventId, payload,
                clock.instant());
        return new Record<>(eventId, letter, timestamp);
    }

    /**
     * The detail for a value that cannot be read as {@code type}: the field and the position, e.g.
     * {@code not a valid RawEvent on topic t: field 'quantity' cannot be read as Integer (line 1,
     * column 13)}. Not the exception's message: Jackson's messages quote the offending token or
     * value ({@code Unrecognized token 'alice'}, {@code from String "203.0.113.7"}).
     */
    static String unreadable(String type, String topic, SerializationException e) {
        String json = PoisonDetail.jsonProblem(e);
        return "not a valid " + type + " on topic " + topic + ": " + (json == null ? "the value cannot be read" : json);
    }
}
