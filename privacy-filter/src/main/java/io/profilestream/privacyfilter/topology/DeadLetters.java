package io.profilestream.privacyfilter.topology;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.profilestream.model.dlq.DeadLetter;
import io.profilestream.model.dlq.ReasonCode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
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
        String prefix = "not a valid " + type + " on topic " + topic + ": ";
        if (!(e.getCause() instanceof JsonProcessingException cause)) {
            return prefix + "the value cannot be read";
        }
        String what;
        if (cause instanceof JsonEOFException) {
            what = "the JSON ends early";
        } else if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            what = "field '" + path(mapping.getPath()) + "' cannot be read" + target(mapping);
        } else if (cause instanceof JsonMappingException mapping) {
            what = "the value cannot be read" + target(mapping);
        } else {
            what = "not well-formed JSON";
        }
        JsonLocation at = cause.getLocation();
        return at == null ? prefix + what
                : prefix + what + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    /** {@code context.ip}, {@code items[2]}; a map key, which a shop chose, shows as {@code <key>}. */
    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() == null) {
                path.append('[').append(reference.getIndex()).append(']');
                continue;
            }
            if (!path.isEmpty()) {
                path.append('.');
            }
            path.append(reference.getFrom() instanceof Map<?, ?> ? "<key>" : reference.getFieldName());
        }
        return path.toString();
    }

    /** {@code " as Integer"} when Jackson names the type it could not produce, else empty. */
    private static String target(JsonMappingException e) {
        Class<?> type = e instanceof MismatchedInputException mismatch ? mismatch.getTargetType()
                : e instanceof ValueInstantiationException instantiation && instantiation.getType() != null
                        ? instantiation.getType().getRawClass() : null;
        return type == null ? "" : " as " + type.getSimpleName();
    }
}
