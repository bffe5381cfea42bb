package io.profilestream.recommender.demand;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.event.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ContributionCapProcessorTest {

    static final Instant H10 = Instant.parse("2025-03-01T10:00:00Z");
    static final Duration GRACE = Duration.ofMinutes(30);

    final MockProcessorContext<String, DemandContribution> context = new MockProcessorContext<>();
    final ContributionCapProcessor processor = new ContributionCapProcessor(3, GRACE);
    WindowStore<String, Integer> store;

    @BeforeEach
    void init() {
        store = Stores.windowStoreBuilder(Stores.inMemoryWindowStore(ContributionCapProcessor.STORE,
                        DemandSettings.HOUR.plus(GRACE), DemandSettings.HOUR, false), Serdes.String(), Serdes.Integer())
                .withLoggingDisabled().build();
        context.setCurrentStreamTimeMs(0);
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        processor.init(context);
    }

    static CleanEvent event(String user, EventType type, String item, String category, Integer quantity, Instant at) {
        return new CleanEvent(1, "e-" + user + "-" + at, user, "k1", "s1", type, item, category, null, null, null,
                quantity, type == EventType.SEARCH ? "phone" : null, null, null, at);
    }

    void process(String user, EventType type, String item, Integer quantity, Instant at) {
        // Stream time is the newest timestamp seen, as in a task.
        context.setCurrentStreamTimeMs(Math.max(context.currentStreamTimeMs(), at.toEpochMilli()));
        processor.process(new Record<>(user, event(user, type, item, "phones", quantity, at), at.toEpochMilli()));
    }

    List<DemandContribution> forwarded() {
        return context.forwarded().stream().map(f -> (DemandContribution) f.record().value()).toList();
    }

    static DemandContribution contribution(DemandMeasure measure, String item, int amount) {
        return new DemandContribution(measure, "phones", item, amount);
    }

    @Test
    void shouldForwardAtMostCapViewsPerUserAndHour() {
        for (int minute = 1; minute <= 5; minute++) {
            process("u1", EventType.VIEW, "i" + minute, null, H10.plusSeconds(60L * minute));
        }
        process("u2", EventType.VIEW, "i1", null, H10.plusSeconds(600));
        process("u1", EventType.VIEW, "i1", null, H10.plus(Duration.ofMinutes(61)));

        // Across items: the cap is per user, measure and hour, not per item.
        assertThat(forwarded()).containsExactly(contribution(DemandMeasure.VIEWS, "i1", 1),
                contribution(DemandMeasure.VIEWS, "i2", 1), contribution(DemandMeasure.VIEWS, "i3", 1),
                contribution(DemandMeasure.VIEWS, "i1", 1), contribution(DemandMeasure.VIEWS, "i1", 1));
        assertThat(store.fetch("u1/views", H10.toEpochMilli())).isEqualTo(3);
        assertThat(store.fetch("u1/views", H10.plus(DemandSettings.HOUR).toEpochMilli())).isEqualTo(1);
        assertThat(store.fetch("u2/views", H10.toEpochMilli())).isEqualTo(1);
    }

    @Test
    void shouldCapEachMeasureSeparately() {
        for (int i = 0; i < 3; i++) {
            process("u1", EventType.VIEW, "i1", null, H10.plusSeconds(i));
        }
        process("u1", EventType.ADD_TO_CART, "i1", null, H10.plusSeconds(10));
        process("u1", EventType.PURCHASE, "i1", 2, H10.plusSeconds(20));

        assertThat(forwarded()).containsExactly(contribution(DemandMeasure.VIEWS, "i1", 1),
                contribution(DemandMeasure.VIEWS, "i1", 1), contribution(DemandMeasure.VIEWS, "i1", 1),
                contribution(DemandMeasure.ADD_TO_CARTS, "i1", 1), contribution(DemandMeasure.UNITS, "i1", 2));
    }

    @Test
    void shouldCountAPurchaseWithTheUnitsLeftUnderTheCap() {
        process("u1", EventType.PURCHASE, "i1", 2, H10);
        process("u1", EventType.PURCHASE, "i2", 5, H10.plusSeconds(1));
        process("u1", EventType.PURCHASE, "i3", 1, H10.plusSeconds(2));
        process("u1", EventType.PURCHASE, "i4", null, H10.plusSeconds(3600));

        // A purchase without quantity is one unit (CleanEvent.quantityOrOne).
        assertThat(forwarded()).containsExactly(contribution(DemandMeasure.UNITS, "i1", 2),
                contribution(DemandMeasure.UNITS, "i2", 1), contribution(DemandMeasure.UNITS, "i4", 1));
    }

    @Test
    void shouldIgnoreEventsThatAreNotDemand() {
        process("u1", EventType.SEARCH, null, null, H10);
        process("u1", EventType.REVIEW, "i1", null, H10);
        process("u1", EventType.REMOVE_FROM_CART, "i1", null, H10);
        process("u1", EventType.PURCHASE, "i1", 0, H10);
        processor.process(new Record<>("u1", null, H10.toEpochMilli()));

        assertThat(forwarded()).isEmpty();
        assertThat(store.fetch("u1/units", H10.toEpochMilli())).isNull();
    }

    @Test
    void shouldDropAnEventWhoseHourClosedMoreThanTheGraceAgo() {
        context.setCurrentStreamTimeMs(H10.plus(Duration.ofMinutes(89)).toEpochMilli());
        process("u1", EventType.VIEW, "on-time", null, H10.plus(Duration.ofMinutes(59)));
        context.setCurrentStreamTimeMs(H10.plus(Duration.ofMinutes(90)).toEpochMilli());
        process("u1", EventType.VIEW, "too-late", null, H10.plus(Duration.ofMinutes(59)));

        // 10:00-11:00 plus 30 minutes of grace: counted up to stream time 11:29:59.999, not at 11:30.
        assertThat(forwarded()).containsExactly(contribution(DemandMeasure.VIEWS, "on-time", 1));
    }

    @Test
    void shouldKeepTheUserKeyAndEventTimeOfTheRecord() {
        process("u1", EventType.VIEW, "i1", null, H10.plusSeconds(42));

        Record<?, ?> out = context.forwarded().get(0).record();
        assertThat(out.key()).isEqualTo("u1");
        assertThat(out.timestamp()).isEqualTo(H10.plusSeconds(42).toEpochMilli());
    }
}
