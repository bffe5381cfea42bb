package io.profilestream.trainer.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.profilestream.trainer.data.Interaction;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DemandSeriesTest {

    static final Instant T0 = Instant.parse("2019-10-01T00:00:00Z");
    static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    static Interaction event(String item, String category, String type, Duration after) {
        return new Interaction("s", "u", item, T0.plus(after).toEpochMilli(), type, category, "");
    }

    @Test
    void shouldCoverTheDataUpToTheLastWholeStep() {
        List<Interaction> events = List.of(event("i1", "c1", "view", Duration.ofSeconds(70)),
                event("i1", "c1", "view", Duration.ofMinutes(17)));

        DemandSeries.Range range = DemandSeries.Range.covering(events, FIVE_MINUTES);

        // 00:00 .. 00:15: the step 00:15-00:20 holding the last event is cut off by the data's end.
        assertThat(range).isEqualTo(new DemandSeries.Range(T0, FIVE_MINUTES, 3));
        assertThat(range.to()).isEqualTo(Instant.parse("2019-10-01T00:15:00Z"));
        assertThat(range.index(T0.plus(Duration.ofMinutes(17)).toEpochMilli())).isEqualTo(-1);
        assertThat(range.index(T0.minusMillis(1).toEpochMilli())).isEqualTo(-1);
        assertThat(range.index(T0.plus(Duration.ofMinutes(10)).toEpochMilli())).isEqualTo(2);
    }

    @Test
    void shouldCountTheMeasuredTypesPerStepPerCategoryAndItem() {
        List<Interaction> events = List.of(
                event("i1", "c1", "view", Duration.ofMinutes(0)),
                event("i1", "c1", "view", Duration.ofMinutes(4)),
                event("i2", "c1", "view", Duration.ofMinutes(11)),
                event("i3", "", "view", Duration.ofMinutes(6)),
                event("i1", "c1", "add_to_cart", Duration.ofMinutes(1)),
                event("i1", "c1", "view", Duration.ofMinutes(15)));
        DemandSeries.Range range = new DemandSeries.Range(T0, FIVE_MINUTES, 3);

        DemandSeries.Counts counts = DemandSeries.count(events, range, Set.of("view"));

        assertThat(counts.byCategory()).containsOnlyKeys("c1");
        assertThat(counts.byCategory().get("c1")).containsExactly(2, 0, 1);
        assertThat(counts.byItem().get("i1")).containsExactly(2, 0, 0);
        assertThat(counts.byItem().get("i2")).containsExactly(0, 0, 1);
        assertThat(counts.byItem().get("i3")).containsExactly(0, 1, 0);
        assertThat(counts.counted()).isEqualTo(4);
        assertThat(counts.outside()).isEqualTo(1);
        assertThat(counts.otherTypes()).isEqualTo(1);
    }

    @Test
    void shouldRankSeriesByVolumeInTheFittedStepsOnly() {
        Map<String, double[]> series = Map.of(
                "a", new double[] {1, 1, 9},
                "b", new double[] {2, 0, 0},
                "c", new double[] {0, 2, 0},
                "d", new double[] {0, 0, 5});

        // Fitted steps 0..1: a 2, b 2, c 2 (ties by key), d 0 (never selected).
        assertThat(DemandSeries.top(series, 2, 2)).containsExactly("a", "b");
        assertThat(DemandSeries.top(series, 10, 2)).containsExactly("a", "b", "c");
    }

    @Test
    void shouldRefuseARangeWithoutAWholeStep() {
        assertThatThrownBy(() -> DemandSeries.Range.between(T0, T0.plusSeconds(299), FIVE_MINUTES))
                .hasMessage("no whole PT5M step between 2019-10-01T00:00:00Z and 2019-10-01T00:04:59Z");
    }
}
