package io.profilestream.privacyfilter.topology;

import io.profilestream.model.dlq.ReasonCode;
import io.profilestream.model.event.RawEvent;
import io.profilestream.model.topic.Topics;
import java.time.Clock;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Step 1: turns raw bytes into a {@link RawEvent} and checks what every later step relies on.
 * Valid events go to {@link NormaliseProcessor#NAME} keyed by event id; everything else to the
 * dead-letter sink with {@code MALFORMED_RECORD}, {@code UNSUPPORTED_SCHEMA_VERSION} or
 * {@code MISSING_FIELD}. Parsing here, not in the source's deserializer, is what keeps a poison
 * record from stopping the service.
 */
public final class ParseProcessor implements Processor<String, byte[], String, Object> {

    /** Processor name in the topology. */
    public static final String NAME = "parse";

    private final Deserializer<RawEvent> deserializer = Topics.RAW_EVENTS.valueSerde().deserializer();
    private final Clock clock;
    private ProcessorContext<String, Object> context;

    /** @param clock source of {@code divertedAt} */
    public ParseProcessor(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        byte[] bytes = record.value();
        if (bytes == null) {
            divert(record, ReasonCode.MALFORMED_RECORD, "record has no value", null);
            return;
        }
        RawEvent event;
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse(Topics.RAW_EVENTS.name());
        try {
            event = deserializer.deserialize(topic, bytes);
        } catch (SerializationException e) {
            divert(record, ReasonCode.MALFORMED_RECORD, DeadLetters.unreadable("RawEvent", topic, e), null);
            return;
        }
        if (event == null) {
            divert(record, ReasonCode.MALFORMED_RECORD, "record value is JSON null, not a RawEvent", null);
            return;
        }
        String eventId = isBlank(event.eventId()) ? null : event.eventId();
        if (event.schemaVersion() > RawEvent.CURRENT_SCHEMA_VERSION) {
            divert(record, ReasonCode.UNSUPPORTED_SCHEMA_VERSION, "schemaVersion " + event.schemaVersion()
                    + " is newer than the newest this service understands (" + RawEvent.CURRENT_SCHEMA_VERSION + ")",
                    eventId);
            return;
        }
        String missing = missingField(event);
        if (missing != null) {
            divert(record, ReasonCode.MISSING_FIELD, missing, eventId);
            return;
        }
        context.forward(new Record<>(eventId, new ParsedEvent(event, bytes), record.timestamp(), record.headers()),
                NormaliseProcessor.NAME);
    }

    /** Why a required field is absent, or null when all are present. */
    static String missingField(RawEvent event) {
        // A missing schemaVersion reads as 0: without it the record's shape is unknown.
        if (event.schemaVersion() < 1) {
            return "schemaVersion is missing (must be 1.." + RawEvent.CURRENT_SCHEMA_VERSION + ")";
        }
        if (isBlank(event.eventId())) {
            return "eventId is missing or blank";
        }
        if (isBlank(event.userId())) {
            return "userId is missing or blank";
        }
        if (event.type() == null) {
            return "type is missing";
        }
        if (event.type().requiresItem() && isBlank(event.itemId())) {
            return "itemId is missing or blank; it is required for type " + event.type().wireName();
        }
        return null;
    }

    private void divert(Record<String, byte[]> record, ReasonCode reason, String detail, String eventId) {
        context.forward(DeadLetters.of(context, clock, record.timestamp(), reason, detail, eventId, record.value()),
                DeadLetterPayloadProcessor.NAME);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
