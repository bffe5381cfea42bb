package io.profilestream.privacyfilter.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.model.dlq.DeadLetter;
import io.profilestream.model.dlq.ReasonCode;
import io.profilestream.privacyfilter.config.FilterProperties;
import io.profilestream.model.event.EventContext;
import io.profilestream.model.event.EventType;
import io.profilestream.model.event.RawEvent;
import io.profilestream.model.topic.Topics;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
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

class NormaliseProcessorTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final long RECORD_TS = RawEvents.RECEIVED_AT.toEpochMilli();

    private final MockProcessorContext<String, Object> context = new MockProcessorContext<>();
    private final NormaliseProcessor processor =
            new NormaliseProcessor(FilterProperties.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));

    @BeforeEach
    void setUp() {
        context.setRecordMetadata(Topics.RAW_EVENTS.name(), 1, 7L);
        processor.init(context);
    }

    @Test
    void shouldTrimLowerCaseCategoryAndBrandAndUpperCaseCurrency() {
        RawEvents event = RawEvents.purchase();
        event.eventId = " evt-1 ";
        event.userId = " " + RawEvents.USER_ID + "\t";
        event.sessionId = " " + RawEvents.SESSION_ID + " ";
        event.itemId = " sku-123 ";
        event.category = "  Electronics.SmartPhone ";
        event.brand = " ACME Corp ";
        event.currency = " eur ";

        RawEvent out = normalised(event);

        assertThat(out).isEqualTo(new RawEvent(1, "evt-1", RawEvents.USER_ID, RawEvents.SESSION_ID,
                EventType.PURCHASE, "sku-123", "electronics.smartphone", "acme corp", new BigDecimal("199.99"), "EUR",
                2, null, null, null, RawEvents.CLIENT_TIME, RawEvents.RECEIVED_AT,
                new EventContext(RawEvents.IP, RawEvents.USER_AGENT)));
    }

    @Test
    void shouldRoundPricesToTheMinorUnitsOfTheirCurrency() {
        RawEvents euros = RawEvents.purchase();
        euros.price = new BigDecimal("19.995");
        RawEvents yen = RawEvents.purchase();
        yen.price = new BigDecimal("1500.5");
        yen.currency = "JPY";
        RawEvents dinars = RawEvents.purchase();
        dinars.price = new BigDecimal("3.5");
        dinars.currency = "KWD";
        RawEvents none = RawEvents.purchase();
        none.price = new BigDecimal("7.12345");
        none.currency = null;

        assertThat(normalised(euros).price()).isEqualTo(new BigDecimal("20.00"));
        context.resetForwards();
        assertThat(normalised(yen).price()).isEqualTo(new BigDecimal("1500"));
        context.resetForwards();
        assertThat(normalised(dinars).price()).isEqualTo(new BigDecimal("3.500"));
        context.resetForwards();
        assertThat(normalised(none).price()).isEqualTo(new BigDecimal("7.12345"));
    }

    @Test
    void shouldTurnBlankOptionalStringsIntoNull() {
        RawEvents event = RawEvents.purchase();
        event.type = EventType.SEARCH;
        event.itemId = "  ";
        event.sessionId = " ";
        event.category = "   ";
        event.brand = "";
        event.currency = " ";
        event.query = "  usb-c Charger ";
        event.reviewText = " ";

        RawEvent out = normalised(event);

        assertThat(out.itemId()).isNull();
        assertThat(out.sessionId()).isNull();
        assertThat(out.category()).isNull();
        assertThat(out.brand()).isNull();
        assertThat(out.currency()).isNull();
        assertThat(out.query()).isEqualTo("usb-c Charger");
        assertThat(out.reviewText()).isNull();
    }

    @Test
    void shouldUseReceivedAtAsEventTimeWhenClientGaveNone() {
        RawEvents event = RawEvents.purchase();
        event.timestamp = null;

        assertThat(normalised(event).timestamp()).isEqualTo(RawEvents.RECEIVED_AT);
    }

    @Test
    void shouldUseRecordTimestampAsEventTimeWhenEventCarriesNoTime() {
        RawEvents event = RawEvents.purchase();
        event.timestamp = null;
        event.receivedAt = null;

        assertThat(normalised(event).timestamp()).isEqualTo(Instant.ofEpochMilli(RECORD_TS));
    }

    @Test
    void shouldAcceptValuesOnTheLimits() {
        RawEvents low = RawEvents.purchase();
        low.quantity = 1;
        low.price = BigDecimal.ZERO;
        low.rating = 1;
        RawEvents high = RawEvents.purchase();
        high.quantity = 1000;
        high.price = new BigDecimal("1000000.00");
        high.rating = 5;

        assertThat(normalised(low).quantity()).isEqualTo(1);
        context.resetForwards();
        assertThat(normalised(high).price()).isEqualByComparingTo("1000000");
    }

    static Stream<Arguments> rejections() {
        return Stream.of(
                Arguments.of(ReasonCode.INVALID_CURRENCY, (Consumer<RawEvents>) e -> e.currency = "euro",
                        "currency is not a three-letter ISO 4217 code (it has 4 characters)"),
                Arguments.of(ReasonCode.INVALID_CURRENCY, (Consumer<RawEvents>) e -> e.currency = "E1R",
                        "currency is not a three-letter ISO 4217 code (it has 3 characters)"),
                Arguments.of(ReasonCode.INVALID_CURRENCY, (Consumer<RawEvents>) e -> e.currency = RawEvents.IP,
                        "currency is not a three-letter ISO 4217 code (it has 12 characters)"),
                Arguments.of(ReasonCode.INVALID_CURRENCY, (Consumer<RawEvents>) e -> e.currency = "€",
                        "currency is not a three-letter ISO 4217 code (it has 1 character)"),
                Arguments.of(ReasonCode.INVALID_CURRENCY, (Consumer<RawEvents>) e -> e.currency = "ABC",
                        "currency 'ABC' is not an ISO 4217 currency"),
                Arguments.of(ReasonCode.QUANTITY_OUT_OF_RANGE, (Consumer<RawEvents>) e -> e.quantity = 0,
                        "quantity 0 is outside 1..1000"),
                Arguments.of(ReasonCode.QUANTITY_OUT_OF_RANGE, (Consumer<RawEvents>) e -> e.quantity = 1001,
                        "quantity 1001 is outside 1..1000"),
                Arguments.of(ReasonCode.PRICE_OUT_OF_RANGE, (Consumer<RawEvents>) e -> e.price = new BigDecimal("-0.01"),
                        "price -0.01 is outside 0..1000000"),
                Arguments.of(ReasonCode.PRICE_OUT_OF_RANGE,
                        (Consumer<RawEvents>) e -> e.price = new BigDecimal("1000000.01"),
                        "price 1000000.01 is outside 0..1000000"),
                Arguments.of(ReasonCode.RATING_OUT_OF_RANGE, (Consumer<RawEvents>) e -> e.rating = 0,
                        "rating 0 is outside 1..5"),
                Arguments.of(ReasonCode.RATING_OUT_OF_RANGE, (Consumer<RawEvents>) e -> e.rating = 6,
                        "rating 6 is outside 1..5"),
                Arguments.of(ReasonCode.TIMESTAMP_TOO_OLD,
                        (Consumer<RawEvents>) e -> e.timestamp = RawEvents.RECEIVED_AT.minus(Duration.ofDays(30)).minusMillis(1),
                        "timestamp 2026-01-30T10:15:31.249Z is more than PT720H before the receive time 2026-03-01T10:15:31.250Z"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("rejections")
    void shouldDivertOutOfRangeValueWithItsReasonCode(ReasonCode reason, Consumer<RawEvents> change, String detail) {
        RawEvents event = RawEvents.purchase();
        change.accept(event);
        byte[] original = event.bytes();

        processor.process(new Record<>("evt-1", new ParsedEvent(event.build(), original), RECORD_TS));

        assertThat(context.forwarded(ErasureGuardProcessor.NAME)).isEmpty();
        List<CapturedForward<?, ?>> letters = List.copyOf(context.forwarded(DeadLetterPayloadProcessor.NAME));
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).record().key()).isEqualTo("evt-1");
        assertThat(letters.get(0).record().timestamp()).isEqualTo(RECORD_TS);
        assertThat(letters.get(0).record().value()).isEqualTo(new DeadLetter(reason, detail, "privacy-filter",
                Topics.RAW_EVENTS.name(), 1, 7L, "evt-1", new String(original, StandardCharsets.UTF_8), NOW));
    }

    @Test
    void shouldAcceptAnEventExactlyAsOldAsTheMaximumAge() {
        RawEvents event = RawEvents.purchase();
        event.timestamp = RawEvents.RECEIVED_AT.minus(Duration.ofDays(30));

        assertThat(normalised(event).timestamp()).isEqualTo(Instant.parse("2026-01-30T10:15:31.250Z"));
    }

    @Test
    void shouldReportFirstFailingRuleWhenSeveralFail() {
        RawEvents event = RawEvents.purchase();
        event.quantity = 0;
        event.rating = 9;

        processor.process(new Record<>("evt-1", new ParsedEvent(event.build(), event.bytes()), RECORD_TS));

        DeadLetter letter = (DeadLetter) context.forwarded(DeadLetterPayloadProcessor.NAME).get(0).record().value();
        assertThat(letter.reason()).isEqualTo(ReasonCode.QUANTITY_OUT_OF_RANGE);
    }

    private RawEvent normalised(RawEvents event) {
        processor.process(new Record<>("evt-1", new ParsedEvent(event.build(), event.bytes()), RECORD_TS));
        assertThat(context.forwarded(DeadLetterPayloadProcessor.NAME)).isEmpty();
        List<CapturedForward<?, ?>> forwarded = List.copyOf(context.forwarded(ErasureGuardProcessor.NAME));
        assertThat(forwarded).hasSize(1);
        assertThat(forwarded.get(0).record().timestamp()).isEqualTo(RECORD_TS);
        return ((ParsedEvent) forwarded.get(0).record().value()).event();
    }
}
