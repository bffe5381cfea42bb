package io.profilestream.trainer.demand;

import io.profilestream.trainer.data.Interaction;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Event counts per fixed time step (an hour, five minutes) per category and per item: the series
 * the {@code demand} command forecasts. A step without events counts 0, so every series of one
 * range has the same length and steps line up across series.
 */
public final class DemandSeries {

    /** Event types that count as demand, by the {@code --measure} names. */
    public static final Map<String, Set<String>> MEASURES = Map.of(
            "view", Set.of("view"),
            "add_to_cart", Set.of("add_to_cart"),
            "purchase", Set.of("purchase"),
            "all", Set.of("view", "add_to_cart", "purchase"));

    private DemandSeries() {
    }

    /**
     * The steps {@code [from, from + steps × step)}.
     *
     * @param from  start of the first step
     * @param step  length of one step
     * @param steps number of steps
     */
    public record Range(Instant from, Duration step, int steps) {
        public Range {
            if (step.isNegative() || step.isZero()) {
                throw new IllegalArgumentException("the step must be positive, got " + step);
            }
            if (steps < 1) {
                throw new IllegalArgumentException("the range holds no whole step");
            }
        }

        /**
         * Steps from {@code from} up to the last whole step before {@code to}: a step cut by
         * {@code to} is left out, because a partial step reads as a drop in demand.
         */
        public static Range between(Instant from, Instant to, Duration step) {
            long steps = (to.toEpochMilli() - from.toEpochMilli()) / step.toMillis();
            if (steps < 1 || steps > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("no whole " + step + " step between " + from + " and " + to);
            }
            return new Range(from, step, (int) steps);
        }

        /**
         * The range of the data: from the step boundary (a multiple of {@code step} since the
         * epoch) at or before the first event, to the boundary at or before the last event, so
         * the last step, which the data most likely cut off part way, is left out.
         */
        public static Range covering(List<Interaction> interactions, Duration step) {
            long min = interactions.stream().mapToLong(Interaction::timeMs).min()
                    .orElseThrow(() -> new IllegalArgumentException("no events to count"));
            long max = interactions.stream().mapToLong(Interaction::timeMs).max().getAsLong();
            long ms = step.toMillis();
            return between(Instant.ofEpochMilli(Math.floorDiv(min, ms) * ms),
                    Instant.ofEpochMilli(Math.floorDiv(max, ms) * ms), step);
        }

        /** End of the last step (exclusive). */
        public Instant to() {
            return from.plus(step.multipliedBy(steps));
        }

        /** The step holding {@code timeMs}, or -1 outside the range. */
        public int index(long timeMs) {
            long offset = timeMs - from.toEpochMilli();
            if (offset < 0) {
                return -1;
            }
            long i = offset / step.toMillis();
            return i < steps ? (int) i : -1;
        }
    }

    /**
     * Counted series.
     *
     * @param byCategory series per category (events without category are counted per item only)
     * @param byItem     series per item
     * @param counted    events counted
     * @param outside    events of the measured types outside the range
     * @param otherTypes events of other types, not counted
     */
    public record Counts(Map<String, double[]> byCategory, Map<String, double[]> byItem, long counted, long outside,
                         long otherTypes) {
    }

    /** Counts the events of {@code types} per step of {@code range}, per category and per item. */
    public static Counts count(List<Interaction> interactions, Range range, Set<String> types) {
        Map<String, double[]> categories = new TreeMap<>();
        Map<String, double[]> items = new TreeMap<>();
        long counted = 0;
        long outside = 0;
        long other = 0;
        for (Interaction i : interactions) {
            if (!types.contains(i.type())) {
                other++;
                continue;
            }
            int step = range.index(i.timeMs());
            if (step < 0) {
                outside++;
                continue;
            }
            counted++;
            items.computeIfAbsent(i.itemId(), k -> new double[range.steps()])[step]++;
            if (!i.category().isEmpty()) {
                categories.computeIfAbsent(i.category(), k -> new double[range.steps()])[step]++;
            }
        }
        return new Counts(categories, items, counted, outside, other);
    }

    /**
     * The {@code n} keys with the most events in the first {@code steps} steps (the fitting part:
     * choosing series by what is to be forecast would favour the ones that grow), ties by key.
     */
    public static List<String> top(Map<String, double[]> series, int n, int steps) {
        Comparator<Map.Entry<String, Double>> byVolume = Map.Entry.<String, Double>comparingByValue().reversed();
        return series.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), sum(e.getValue(), 0, steps)))
                .filter(e -> e.getValue() > 0)
                .sorted(byVolume.thenComparing(Map.Entry.<String, Double>comparingByKey()))
                .limit(n)
                .map(Map.Entry::getKey)
                .toList();
    }

    /** Sum of {@code values[from..to)}. */
    static double sum(double[] values, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += values[i];
        }
        return s;
    }
}
