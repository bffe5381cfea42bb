package io.profilestream.privacyfilter.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.model.dlq.DeadLetter;
import io.profilestream.model.dlq.ReasonCode;
import io.profilestream.model.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class DeadLetterPayloadProcessorTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final long RECORD_TS = RawEvents.RECEIVED_AT.toEpochMilli();
    private static final String RAW = Topics.RAW_EVENTS.name();
    private static final String PAYLOAD = new String(RawEvents.purchase().bytes(), StandardCharsets.UTF_8);
    private static final DeadLetter WITH_PAYLOAD = new DeadLetter(ReasonCode.QUANTITY_OUT_OF_RANGE,
            "quantity 5000 is outside 1..1000", "privacy-filter", RAW, 4, 99L, "evt-1", PAYLOAD, NOW);

    private final MockProcessorContext<String, DeadLetter> context = new MockProcessorContext<>();

    @Test
    void shouldDropThePayloadAndKeepEverythingElseByDefault() {
        process(new DeadLetterPayloadProcessor(false), WITH_PAYLOAD);

        Record<String, DeadLetter> out = onlyForwarded();
        assertThat(out.key()).isEqualTo("evt-1");
        assertThat(out.timestamp()).isEqualTo(RECORD_TS);
        assertThat(out.value()).isEqualTo(new DeadLetter(ReasonCode.QUANTITY_OUT_OF_RANGE,
                "quantity 5000 is outside 1..1000", "privacy-filter", RAW, 4, 99L, "evt-1", null, NOW));
    }

    @Test
    void shouldKeepThePayloadWhenTheOperatorOptedIn() {
        process(new DeadLetterPayloadProcessor(true), WITH_PAYLOAD);

        Record<String, DeadLetter> out = onlyForwarded();
        assertThat(out.key()).isEqualTo("evt-1");
        assertThat(out.timestamp()).isEqualTo(RECORD_TS);
        assertThat(out.value()).isEqualTo(WITH_PAYLOAD);
        assertThat(out.value().payload()).isEqualTo(PAYLOAD);
    }

    @Test
    void shouldPassADeadLetterWithoutPayloadUnchangedEitherWay() {
        DeadLetter erased = new DeadLetter(ReasonCode.USER_ERASED, "the user was erased at 2026-03-01T11:00:00Z; "
                + "events sent or received up to then are refused", "privacy-filter", RAW, 0, 3L, "evt-1", null, NOW);

        process(new DeadLetterPayloadProcessor(false), erased);
        process(new DeadLetterPayloadProcessor(true), erased);

        assertThat(context.forwarded(PrivacyFilterTopology.DEAD_LETTER_SINK))
                .extracting(f -> (Object) f.record().value()).containsExactly(erased, erased);
    }

    private void process(DeadLetterPayloadProcessor processor, DeadLetter letter) {
        processor.init(context);
        processor.process(new Record<>(letter.eventId(), letter, RECORD_TS));
    }

    @SuppressWarnings("unchecked")
    private Record<String, DeadLetter> onlyForwarded() {
        List<CapturedForward<? extends String, ? extends DeadLetter>> out =
                List.copyOf(context.forwarded(PrivacyFilterTopology.DEAD_LETTER_SINK));
        assertThat(out).hasSize(1);
        assertThat(context.forwarded()).hasSize(1);
        return (Record<String, DeadLetter>) out.get(0).record();
    }
}
