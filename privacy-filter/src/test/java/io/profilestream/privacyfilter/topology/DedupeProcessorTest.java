package io.profilestream.privacyfilter.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DedupeProcessorTest {

    private static final Duration WINDOW = Duration.ofHours(24);
    private static final long T0 = RawEvents.RECEIVED_AT.toEpochMilli();

    @TempDir
    Path stateDir;

    private MockProcessorContext<String, ParsedEvent> context;
    private final DedupeProcessor processor = new DedupeProcessor(WINDOW);
    private WindowStore<String, Long> store;

    @BeforeEach
    void setUp() {
        context = new MockProcessorContext<>(new Properties(), new TaskId(0, 0), stateDir.toFile());
        // The real RocksDB window store; MockProcessorContext has no changelog to write to.
        store = DedupeProcessor.storeBuilder(WINDOW).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        processor.init(context);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void shouldForwardFirstSightingToTheBurstGuard() {
        Record<String, ParsedEvent> record = record("evt-1", T0);

        processor.process(record);

        assertThat(forwardedIds()).containsExactly("evt-1");
        assertThat(context.forwarded().get(0).childName()).hasValue(BurstProcessor.NAME);
        assertThat(context.forwarded().get(0).record()).isSameAs(record);
        assertThat(duplicatesDropped()).isEqualTo(0.0);
    }

    @Test
    void shouldDropDuplicateEventIdsAndCountThem() {
        processor.process(record("evt-1", T0));
        processor.process(record("evt-1", T0 + Duration.ofHours(1).toMillis()));
        processor.process(record("evt-1", T0 + Duration.ofHours(2).toMillis()));

        assertThat(forwardedIds()).containsExactly("evt-1");
        assertThat(duplicatesDropped()).isEqualTo(2.0);
    }

    @Test
    void shouldKeepDistinctEventIds() {
        processor.process(record("evt-1", T0));
        processor.process(record("evt-2", T0));

        assertThat(forwardedIds()).containsExactly("evt-1", "evt-2");
    }

    @Test
    void shouldTreatExactlyOneWindowApartAsDuplicate() {
        processor.process(record("evt-1", T0));
        processor.process(record("evt-1", T0 + WINDOW.toMillis()));

        assertThat(forwardedIds()).containsExactly("evt-1");
    }

    @Test
    void shouldPassSameEventIdAgainOnceWindowHasPassed() {
        processor.process(record("evt-1", T0));
        processor.process(record("evt-1", T0 + WINDOW.toMillis() + 1));

        assertThat(forwardedIds()).containsExactly("evt-1", "evt-1");
        assertThat(duplicatesDropped()).isEqualTo(0.0);
    }

    @Test
    void shouldDropDuplicateThatArrivesOutOfOrder() {
        processor.process(record("evt-1", T0));
        processor.process(record("evt-1", T0 - Duration.ofMinutes(10).toMillis()));

        assertThat(forwardedIds()).containsExactly("evt-1");
    }

    @Test
    void shouldMeasureWindowFromLastSighting() {
        long oneHour = Duration.ofHours(1).toMillis();
        processor.process(record("evt-1", T0));
        processor.process(record("evt-1", T0 + oneHour));
        // More than a window after the first copy, but within one of the duplicate seen at T0 + 1h.
        processor.process(record("evt-1", T0 + WINDOW.toMillis() + oneHour));

        assertThat(forwardedIds()).containsExactly("evt-1");
        assertThat(duplicatesDropped()).isEqualTo(2.0);
    }

    private static Record<String, ParsedEvent> record(String eventId, long timestamp) {
        RawEvents event = RawEvents.purchase();
        event.eventId = eventId;
        return new Record<>(eventId, new ParsedEvent(event.build(), event.bytes()), timestamp);
    }

    private List<String> forwardedIds() {
        return context.forwarded().stream().map(f -> ((ParsedEvent) f.record().value()).event().eventId()).toList();
    }

    private double duplicatesDropped() {
        for (var entry : context.metrics().metrics().entrySet()) {
            MetricName name = entry.getKey();
            if (name.name().equals("duplicates-dropped-total") && name.group().equals("stream-privacy-filter-metrics")) {
                Metric metric = entry.getValue();
                return (Double) metric.metricValue();
            }
        }
        throw new AssertionError("metric duplicates-dropped-total not registered");
    }
}
