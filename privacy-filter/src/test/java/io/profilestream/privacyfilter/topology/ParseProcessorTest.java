package io.profilestream.privacyfilter.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.model.dlq.DeadLetter;
import io.profilestream.model.dlq.ReasonCode;
import io.profilestream.model.event.EventType;
import io.profilestream.model.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ParseProcessorTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final long RECORD_TS = RawEvents.RECEIVED_AT.toEpochMilli();

    private final MockProcessorContext<String, Object> context = new MockProcessorContext<>();
    private final ParseProcessor processor = new ParseProcessor(Clock.fixed(NOW, ZoneOffset.UTC));

    @BeforeEach
    void setUp() {
        context.setRecordMetadata(Topics.RAW_EVENTS.name(), 3, 42L);
        processor.init(context);
    }

    @Test
    void shouldForwardValidEventToNormaliseKeyedByEventId() {
        byte[] bytes = RawEvents.purchase().bytes();

        processor.process(new Record<>(RawEvents.USER_ID, bytes, RECORD_TS));

        assertThat(context.forwarded(DeadLetterPayloadProcessor.NAME)).isEmpty();
        List<CapturedForward<?, ?>> forwarded = List.copyOf(context.forwarded(NormaliseProcessor.NAME));
        assertThat(forwarded).hasSize(1);
        Record<?, ?> out = forwarded.get(0).record();
        assertThat(out.key()).isEqualTo("evt-1");
        assertThat(out.timestamp()).isEqualTo(RECORD_TS);
        ParsedEvent parsed = (ParsedEvent) out.value();
        assertThat(parsed.event()).isEqualTo(RawEvents.purchase().build());
        assertThat(parsed.original()).isEqualTo(bytes);
    }

    @Test
    void shouldAcceptSearchWithoutItemId() {
        RawEvents search = RawEvents.purchase();
        search.type = EventType.SEARCH;
        search.itemId = null;
        search.query = "usb-c charger";

        processor.process(new Record<>(RawEvents.USER_ID, search.bytes(), RECORD_TS));

        assertThat(context.forwarded(NormaliseProcessor.NAME)).hasSize(1);
        assertThat(context.forwarded(DeadLetterPayloadProcessor.NAME)).isEmpty();
    }

    @Test
    void shouldDivertInvalidJsonAsMalformedRecordWithPayloadAndSourcePosition() {
        String payload = "{\"eventId\": \"evt-1\", \"userId\": ";

        processor.process(new Record<>(RawEvents.USER_ID, payload.getBytes(StandardCharsets.UTF_8), RECORD_TS));

        Record<?, ?> out = onlyDeadLetter();
        assertThat(out.key()).isNull();
        assertThat(out.timestamp()).isEqualTo(RECORD_TS);
        DeadLetter letter = (DeadLetter) out.value();
        assertThat(letter.reason()).isEqualTo(ReasonCode.MALFORMED_RECORD);
        assertThat(letter.detail()).isEqualTo("not a valid RawEvent on topic profilestream.events.raw.v1: "
                + "the JSON ends early (line 1, column 32)");
        assertThat(letter.stage()).isEqualTo("privacy-filter");
        assertThat(letter.sourceTopic()).isEqualTo("profilestream.events.raw.v1");
        assertThat(letter.partition()).isEqualTo(3);
        assertThat(letter.offset()).isEqualTo(42L);
        assertThat(letter.eventId()).isNull();
        assertThat(letter.payload()).isEqualTo(payload);
        assertThat(letter.divertedAt()).isEqualTo(NOW);
        assertThat(context.forwarded(NormaliseProcessor.NAME)).isEmpty();
    }

    @Test
    void shouldDivertUnknownEventTypeAsMalformedRecord() {
        String payload = new String(RawEvents.purchase().bytes(), StandardCharsets.UTF_8)
                .replace("\"purchase\"", "\"teleport\"");

        processor.process(new Record<>(RawEvents.USER_ID, payload.getBytes(StandardCharsets.UTF_8), RECORD_TS));

        DeadLetter letter = (DeadLetter) onlyDeadLetter().value();
        assertThat(letter.reason()).isEqualTo(ReasonCode.MALFORMED_RECORD);
        assertThat(letter.detail()).isEqualTo("not a valid RawEvent on topic profilestream.events.raw.v1: "
                + "field 'type' cannot be read as EventType (line 1, column 111)");
        assertThat(letter.payload()).isEqualTo(payload);
    }

    static Stream<Arguments> unreadableValues() {
        String raw = "not a valid RawEvent on topic profilestream.events.raw.v1: ";
        return Stream.of(
                Arguments.of(RawEvents.USER_ID, raw + "not well-formed JSON (line 1, column 6)"),
                Arguments.of("{\"userId\": " + RawEvents.USER_ID + "}",
                        raw + "not well-formed JSON (line 1, column 17)"),
                Arguments.of("{\"quantity\": \"" + RawEvents.IP + "\"}",
                        raw + "field 'quantity' cannot be read as Integer (line 1, column 14)"),
                Arguments.of("{\"timestamp\": \"" + RawEvents.USER_ID + "\"}",
                        raw + "field 'timestamp' cannot be read as Instant (line 1, column 15)"),
                Arguments.of("{\"context\": {\"ip\": [\"" + RawEvents.IP + "\"]}}",
                        raw + "field 'context.ip' cannot be read as String (line 1, column 20)"),
                Arguments.of("[\"" + RawEvents.USER_ID + "\"]",
                        raw + "the value cannot be read as RawEvent (line 1, column 1)"),
                Arguments.of("{\"userId\": \"" + RawEvents.USER_ID + "\u0001\"}",
                        raw + "field 'userId' cannot be read (line 1, column 31)"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("unreadableValues")
    void shouldNameTheUnreadableFieldButNeverEchoAValue(String payload, String detail) {
        processor.process(new Record<>(RawEvents.USER_ID, payload.getBytes(StandardCharsets.UTF_8), RECORD_TS));

        DeadLetter letter = (DeadLetter) onlyDeadLetter().value();
        assertThat(letter.reason()).isEqualTo(ReasonCode.MALFORMED_RECORD);
        assertThat(letter.detail()).isEqualTo(detail).doesNotContain(RawEvents.USER_ID, RawEvents.IP, "shop-user");
        assertThat(letter.payload()).isEqualTo(payload);
    }

    @Test
    void shouldDivertRecordWithoutValueAsMalformedRecord() {
        processor.process(new Record<>(RawEvents.USER_ID, null, RECORD_TS));

        DeadLetter letter = (DeadLetter) onlyDeadLetter().value();
        assertThat(letter.reason()).isEqualTo(ReasonCode.MALFORMED_RECORD);
        assertThat(letter.detail()).isEqualTo("record has no value");
        assertThat(letter.payload()).isNull();
    }

    @Test
    void shouldDivertJsonNullAsMalformedRecord() {
        processor.process(new Record<>(RawEvents.USER_ID, "null".getBytes(StandardCharsets.UTF_8), RECORD_TS));

        DeadLetter letter = (DeadLetter) onlyDeadLetter().value();
        assertThat(letter.reason()).isEqualTo(ReasonCode.MALFORMED_RECORD);
        assertThat(letter.detail()).isEqualTo("record value is JSON null, not a RawEvent");
        assertThat(letter.payload()).isEqualTo("null");
    }

    @Test
    void shouldDivertNewerSchemaVersionKeyedByEventId() {
        RawEvents event = RawEvents.purchase();
        event.schemaVersion = 2;

        processor.process(new Record<>(RawEvents.USER_ID, event.bytes(), RECORD_TS));

        Record<?, ?> out = onlyDeadLetter();
        assertThat(out.key()).isEqualTo("evt-1");
        DeadLetter letter = (DeadLetter) out.value();
        assertThat(letter.reason()).isEqualTo(ReasonCode.UNSUPPORTED_SCHEMA_VERSION);
        assertThat(letter.detail()).isEqualTo("schemaVersion 2 is newer than the newest this service understands (1)");
        assertThat(letter.eventId()).isEqualTo("evt-1");
    }

    static Stream<Arguments> missingFields() {
        return Stream.of(
                Arguments.of("schemaVersion", (Consumer<RawEvents>) e -> e.schemaVersion = 0,
                        "schemaVersion is missing (must be 1..1)", "evt-1"),
                Arguments.of("eventId", (Consumer<RawEvents>) e -> e.eventId = null,
                        "eventId is missing or blank", null),
                Arguments.of("blank eventId", (Consumer<RawEvents>) e -> e.eventId = "  ",
                        "eventId is missing or blank", null),
                Arguments.of("userId", (Consumer<RawEvents>) e -> e.userId = null,
                        "userId is missing or blank", "evt-1"),
                Arguments.of("blank userId", (Consumer<RawEvents>) e -> e.userId = "",
                        "userId is missing or blank", "evt-1"),
                Arguments.of("type", (Consumer<RawEvents>) e -> e.type = null,
                        "type is missing", "evt-1"),
                Arguments.of("itemId", (Consumer<RawEvents>) e -> e.itemId = null,
                        "itemId is missing or blank; it is required for type purchase", "evt-1"),
                Arguments.of("itemId of a view", (Consumer<RawEvents>) e -> {
                    e.type = EventType.VIEW;
                    e.itemId = " ";
                }, "itemId is missing or blank; it is required for type view", "evt-1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("missingFields")
    void shouldDivertMissingRequiredFieldNamingIt(String name, Consumer<RawEvents> change, String detail,
                                                 String eventId) {
        RawEvents event = RawEvents.purchase();
        change.accept(event);

        processor.process(new Record<>(RawEvents.USER_ID, event.bytes(), RECORD_TS));

        Record<?, ?> out = onlyDeadLetter();
        assertThat(out.key()).isEqualTo(eventId);
        DeadLetter letter = (DeadLetter) out.value();
        assertThat(letter.reason()).isEqualTo(ReasonCode.MISSING_FIELD);
        assertThat(letter.detail()).isEqualTo(detail);
        assertThat(letter.eventId()).isEqualTo(eventId);
        assertThat(letter.payload()).isEqualTo(new String(event.bytes(), StandardCharsets.UTF_8));
        assertThat(context.forwarded(NormaliseProcessor.NAME)).isEmpty();
    }

    private Record<?, ?> onlyDeadLetter() {
        List<CapturedForward<?, ?>> letters = List.copyOf(context.forwarded(DeadLetterPayloadProcessor.NAME));
        assertThat(letters).hasSize(1);
        return letters.get(0).record();
    }
}
