package io.profilestream.privacyfilter.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.event.EventType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PseudonymiseProcessorTest {

    private static final long RECORD_TS = RawEvents.RECEIVED_AT.toEpochMilli();

    @TempDir
    Path stateDir;

    private MockProcessorContext<String, Object> context;
    private final PseudonymiseProcessor processor = new PseudonymiseProcessor(ExpectedPseudonyms.pseudonymizer());
    private KeyValueStore<String, Long> rekeyed;

    @BeforeEach
    void setUp() {
        context = new MockProcessorContext<>(new Properties(), new TaskId(0, 0), stateDir.toFile());
        // The real RocksDB store; MockProcessorContext has no changelog to write to.
        rekeyed = PseudonymiseProcessor.rekeyedStoreBuilder().withLoggingDisabled().build();
        rekeyed.init(context.getStateStoreContext(), rekeyed);
        context.addStateStore(rekeyed);
        processor.init(context);
    }

    @AfterEach
    void tearDown() {
        rekeyed.close();
    }

    @Test
    void shouldReplaceIdsWithPseudonymsAndKeyByUserKey() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("x-forwarded-for", RawEvents.IP.getBytes(StandardCharsets.UTF_8));

        processor.process(new Record<>("evt-1", parsed(RawEvents.purchase()), RECORD_TS, headers));

        List<CapturedForward<? extends String, ?>> out =
                context.forwarded(PrivacyFilterTopology.CLEAN_SINK);
        assertThat(out).hasSize(1);
        Record<? extends String, ?> record = out.get(0).record();
        String userKey = ExpectedPseudonyms.user(RawEvents.USER_ID);
        assertThat(record.key()).isEqualTo(userKey);
        assertThat(record.timestamp()).isEqualTo(RECORD_TS);
        assertThat(record.headers().toArray()).isEmpty();
        assertThat(record.value()).isEqualTo(new CleanEvent(1, "evt-1", userKey, "k-test",
                ExpectedPseudonyms.session(RawEvents.SESSION_ID), EventType.PURCHASE, "sku-123",
                "electronics.smartphone", "acme", new BigDecimal("199.99"), "EUR", 2, null, null, null,
                RawEvents.CLIENT_TIME));
    }

    @Test
    void shouldLeaveSessionKeyNullWithoutSession() {
        RawEvents event = RawEvents.purchase();
        event.sessionId = null;

        processor.process(new Record<>("evt-1", parsed(event), RECORD_TS));

        assertThat(cleanEvent().sessionKey()).isNull();
    }

    @Test
    void shouldGiveUserAndSessionWithSameIdDifferentPseudonyms() {
        RawEvents event = RawEvents.purchase();
        event.sessionId = RawEvents.USER_ID;

        processor.process(new Record<>("evt-1", parsed(event), RECORD_TS));

        CleanEvent clean = cleanEvent();
        assertThat(clean.sessionKey()).isEqualTo(ExpectedPseudonyms.session(RawEvents.USER_ID));
        assertThat(clean.sessionKey()).isNotEqualTo(clean.userKey());
    }

    @Test
    void shouldMaskPersonalDataInQueryAndReviewText() {
        RawEvents event = RawEvents.purchase();
        event.query = "gift for jane@example.com";
        event.reviewText = "Call me on +44 20 7946 0958, paid with 4111 1111 1111 1111 from 203.0.113.9";

        processor.process(new Record<>("evt-1", parsed(event), RECORD_TS));

        CleanEvent clean = cleanEvent();
        assertThat(clean.query()).isEqualTo("gift for [email]");
        assertThat(clean.reviewText()).isEqualTo("Call me on [phone], paid with [card] from [ip]");
    }

    private CleanEvent cleanEvent() {
        return (CleanEvent) context.forwarded(PrivacyFilterTopology.CLEAN_SINK).get(0).record().value();
    }

    private static ParsedEvent parsed(RawEvents event) {
        return new ParsedEvent(event.build(), event.bytes());
    }
}
