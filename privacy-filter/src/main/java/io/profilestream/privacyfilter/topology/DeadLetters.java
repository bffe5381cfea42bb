package io.profilestream.privacyfilter.topology;

import io.profilestream.model.dlq.DeadLetter;
import io.profilestream.model.dlq.ReasonCode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Builds the dead-letter records of this stage; every processor that rejects uses it. */
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
     * stamped with the input's timestamp.
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
}
