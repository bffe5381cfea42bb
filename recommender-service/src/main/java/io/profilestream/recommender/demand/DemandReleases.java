package io.profilestream.recommender.demand;

import io.profilestream.model.dp.DiscreteLaplace;
import io.profilestream.model.dp.DpReleaser;
import io.profilestream.model.dp.NoisyHistogram;
import io.profilestream.model.dp.PrivacyBudgetExhaustedException;
import io.profilestream.model.dp.PrivacyBudgetLedger;
import io.profilestream.model.dp.PrivacyNote;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.DoubleSupplier;

/**
 * Where the demand counts of ITEMS (and, without the schedule, of categories) leave the service:
 * every such answer's hourly history passes through {@link #release} before anything is derived
 * from it. The forecast is fitted on what this returns, so it is post-processing of the release
 * and costs no privacy budget of its own. Categories with differential privacy are released by
 * {@link CategoryReleaseSchedule} instead, all of them once per closed hour; items stay here because
 * the item domain (the whole catalogue) is too large for an hourly histogram of every item.
 *
 * <p><b>With differential privacy</b> (the default, {@link DemandSettings#differentialPrivacy()}):
 * <ul>
 *   <li>{@link ContributionCapProcessor} bounds one user to C = {@link DemandSettings#perUserHourlyCap()}
 *       per measure per hour, summed over all categories (or all items). One cell (a key, a
 *       measure, an hour) therefore changes by at most C when one user's data is added or removed.</li>
 *   <li>Each hour of a key is released once, when a request first shows it, and kept: later
 *       requests are served the stored noisy cells at no cost (re-releasing per request would let
 *       repeated requests average the noise away and spend the budget within minutes). The hours
 *       released together (all of the history on a key's first request, then the hours closed
 *       since) form one histogram over cells (hour × measure), whose keys are public (the clock's
 *       hours); a user active in all H of those hours changes it by at most 3 × C × H in L1, which
 *       is the sensitivity given to {@link DpReleaser#histogram}, charging ε once per release.</li>
 *   <li>So: the first request for a key carries noise of scale 3 × C × H / ε per cell (H = 336 for
 *       14 days: coarse), later hourly refreshes 3 × C / ε. A cell released while its hour still
 *       takes late events (the grace) keeps the value it had then.</li>
 *   <li>Every item pays separately and charges the same ledger as the category schedule
 *       (sequential composition): an item release may take budget the next category hour needs,
 *       which then waits for the next budget period. The stored cells live in this instance's
 *       memory (at most {@link #MAX_KEYS} keys, hours before the history dropped): a restart or
 *       another instance releases again, paying again.</li>
 * </ul>
 * <p><b>Without</b> ({@link #exact}): the capped exact counts, for tests and closed deployments.
 */
public class DemandReleases {

    /** {@link DemandResponse.Privacy#mechanism()} of exact counts. */
    public static final String EXACT = "none";
    /** Keys whose released cells are kept; the least recently requested is forgotten first. */
    public static final int MAX_KEYS = 10_000;

    private final int perUserHourlyCap;
    private final DpReleaser releaser;
    private final double epsilon;
    private final DoubleSupplier reserved;
    private final Map<String, Series> released = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Series> eldest) {
            return size() > MAX_KEYS;
        }
    };

    /** A key's released cells, and the notes of the releases they came from. */
    private static final class Series {
        final TreeMap<Instant, DemandResponse.Hour> cells = new TreeMap<>();
        /** Receipt id → note, with the last hour each release covered, to drop notes with their cells. */
        final Map<String, PrivacyNote> notes = new LinkedHashMap<>();
        final Map<String, Instant> lastHour = new HashMap<>();

        void forgetBefore(Instant from) {
            cells.headMap(from).clear();
            lastHour.entrySet().removeIf(e -> {
                boolean gone = e.getValue().isBefore(from);
                if (gone) {
                    notes.remove(e.getKey());
                }
                return gone;
            });
        }
    }

    /**
     * Differentially private releases.
     *
     * @param settings the per-user cap the counts are bounded by
     * @param releaser charges the ledger and adds the noise
     * @param epsilon  ε of each release
     */
    public DemandReleases(DemandSettings settings, DpReleaser releaser, double epsilon) {
        this(settings, releaser, epsilon, () -> 0);
    }

    /**
     * Differentially private releases that leave part of the ledger's budget to scheduled releases.
     *
     * @param settings the per-user cap the counts are bounded by
     * @param releaser charges the ledger and adds the noise
     * @param epsilon  ε of each release
     * @param reserved ε of the current period held back for the hourly category releases
     *                 ({@link CategoryReleaseSchedule#reservedEpsilon}); a release that would eat
     *                 into it is refused as if the budget were spent
     */
    public DemandReleases(DemandSettings settings, DpReleaser releaser, double epsilon, DoubleSupplier reserved) {
        this.reserved = Objects.requireNonNull(reserved, "reserved");
        this.perUserHourlyCap = settings.perUserHourlyCap();
        this.releaser = Objects.requireNonNull(releaser, "releaser");
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be positive, got " + epsilon);
        }
        this.epsilon = epsilon;
    }

    private DemandReleases(DemandSettings settings) {
        this.reserved = () -> 0;
        this.perUserHourlyCap = settings.perUserHourlyCap();
        this.releaser = null;
        this.epsilon = 0;
    }

    /** Releases of the exact capped counts, without noise. */
    public static DemandReleases exact(DemandSettings settings) {
        return new DemandReleases(settings);
    }

    /**
     * The series of one category or item as it may leave the service.
     *
     * @param hours   the released hours, one per input hour, same order
     * @param privacy how they were released
     */
    public record Released(List<DemandResponse.Hour> hours, DemandResponse.Privacy privacy) {
    }

    /**
     * Releases the hourly history of one category or item.
     *
     * @param kind  category or item
     * @param id    its id
     * @param exact the exact capped counts, one per hour, oldest first, not empty
     * @return the counts as they may be shown
     * @throws io.profilestream.model.dp.PrivacyBudgetExhaustedException when hours not released
     *         yet do not fit in the privacy budget (nothing is released then)
     */
    public Released release(DemandKind kind, String id, List<DemandResponse.Hour> exact) {
        if (releaser == null) {
            return new Released(List.copyOf(exact), new DemandResponse.Privacy(EXACT, perUserHourlyCap, List.of(),
                    "exact counts; each user contributes at most " + perUserHourlyCap
                            + " per measure and hour; no differential-privacy noise added"));
        }
        synchronized (released) {
            Series series = released.computeIfAbsent(kind.wireName() + "/" + id, k -> new Series());
            series.forgetBefore(exact.get(0).hour());
            List<DemandResponse.Hour> fresh = exact.stream().filter(h -> !series.cells.containsKey(h.hour())).toList();
            if (!fresh.isEmpty()) {
                releaseFresh(kind, id, series, fresh);
            }
            List<DemandResponse.Hour> hours = exact.stream().map(h -> series.cells.get(h.hour())).toList();
            List<PrivacyNote> notes = new ArrayList<>(series.notes.values());
            double spent = notes.stream().mapToDouble(PrivacyNote::epsilon).sum();
            return new Released(hours, new DemandResponse.Privacy(DiscreteLaplace.MECHANISM, perUserHourlyCap, notes,
                    "differentially private: each user contributes at most " + perUserHourlyCap
                            + " per measure and hour; each hour is released once with discrete Laplace noise and "
                            + "kept; the hours shown cost epsilon " + spent + " in " + notes.size()
                            + " release(s); negative noisy counts are shown as 0"));
        }
    }

    private void releaseFresh(DemandKind kind, String id, Series series, List<DemandResponse.Hour> fresh) {
        Map<String, Long> cells = new LinkedHashMap<>();
        for (DemandResponse.Hour h : fresh) {
            for (DemandMeasure m : DemandMeasure.values()) {
                cells.put(cell(h.hour(), m), h.get(m));
            }
        }
        long sensitivity = (long) DemandMeasure.values().length * perUserHourlyCap * fresh.size();
        String name = "demand-" + kind.wireName() + ":" + id;
        refuseIfReserved(name);
        NoisyHistogram<String> noisy = releaser.histogram(name, cells, sensitivity, epsilon);
        for (DemandResponse.Hour h : fresh) {
            series.cells.put(h.hour(), new DemandResponse.Hour(h.hour(),
                    noisy.values().get(cell(h.hour(), DemandMeasure.VIEWS)),
                    noisy.values().get(cell(h.hour(), DemandMeasure.ADD_TO_CARTS)),
                    noisy.values().get(cell(h.hour(), DemandMeasure.UNITS))));
        }
        series.notes.put(noisy.note().receiptId(), noisy.note());
        series.lastHour.put(noisy.note().receiptId(), fresh.get(fresh.size() - 1).hour());
    }

    /** Refuses a release that fits the ledger's budget only by taking what the hourly category releases need. */
    private void refuseIfReserved(String name) {
        double held = reserved.getAsDouble();
        if (held <= 0) {
            return;
        }
        PrivacyBudgetLedger ledger = releaser.ledger();
        BigDecimal budget = BigDecimal.valueOf(ledger.budget());
        BigDecimal spent = BigDecimal.valueOf(ledger.spent());
        BigDecimal held9 = BigDecimal.valueOf(held).setScale(9, java.math.RoundingMode.CEILING);
        BigDecimal asked = BigDecimal.valueOf(epsilon);
        if (spent.add(held9).add(asked).compareTo(budget) > 0) {
            throw new PrivacyBudgetExhaustedException(name, budget, spent, held9,
                    "the hourly category demand releases until the period ends", asked, ledger.period(),
                    ledger.periodEndsAt());
        }
    }

    private static String cell(Instant hour, DemandMeasure measure) {
        return hour + "/" + measure.wireName();
    }
}
