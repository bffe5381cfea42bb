package io.profilestream.recommender.demand;

import io.profilestream.model.dp.DifferentialPrivacyProperties;
import io.profilestream.model.dp.DpReleaser;
import io.profilestream.model.dp.NoisyHistogram;
import io.profilestream.model.dp.PrivacyBudgetExhaustedException;
import io.profilestream.recommender.api.StoreUnavailableException;
import java.io.Closeable;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases the demand of ALL categories once per closed hour, as one differentially private
 * histogram, so that requests for categories only read released hours and never spend budget.
 *
 * <p><b>Why this is private.</b> The unit of privacy is one user's data. {@link ContributionCapProcessor}
 * bounds a user to C = {@link DemandSettings#perUserHourlyCap()} per measure per hour summed over
 * ALL categories, so adding or removing one user changes the histogram of one hour (category ×
 * measure cells) by at most 3 × C in L1: that is the sensitivity, whatever the number of
 * categories. Its keys are the catalogue's categories (public data), every one with a count, zero
 * demand included, so whether a category appears reveals nothing. Each hour is charged
 * {@code hourlyEpsilon} once to the ledger; a day of hours fits the daily budget (checked at
 * start-up by {@link #hourlyEpsilon}).
 *
 * <p><b>When.</b> Hour h is due once it is closed: h + 1 h + {@link DemandSettings#grace()} ≤ now
 * (the window still takes late events until then). "Now" is the wall clock, not the stream time: while
 * the stream lags behind, an hour is released with the events processed so far, and events
 * processed later no longer change it. Due hours are released oldest first. When the
 * ledger refuses (budget spent, e.g. by item requests on the same ledger), the hour and the ones
 * after it stay unreleased and are retried at the next run (logged once per episode, counted in
 * {@link #unreleasedHours()}). When the stores cannot be read, likewise.
 *
 * <p><b>No release of the retained past.</b> The first run after start-up releases only hours from
 * the start-up hour minus {@link DemandSettings#backfillHours()} on, not the whole history: each
 * backfilled hour costs a full hourly ε, so releasing 14 days at start-up would cost 14 daily
 * budgets, which the ledger refuses, and the releases would lag behind for days. Released hours
 * survive a restart through {@link CategoryReleaseLog}; hours closed while the service was down
 * are not released unless the backfill covers them.
 *
 * <p><b>Partitioning.</b> Each instance releases the categories whose store partition it owns
 * ({@link DemandQueries.Remote} ones are released by their owner) and charges its own ledger.
 *
 * <p>Items are not released this way: the item domain (the whole catalogue) is too large for a
 * histogram of every item every hour; they keep the per-request path of {@link DemandReleases}.
 */
public final class CategoryReleaseSchedule implements Closeable {

    /** Ledger release name of an hour: this prefix and the hour, e.g. {@code demand-categories:2025-03-15T10:00:00Z}. */
    public static final String RELEASE_NAME = "demand-categories:";
    /** How often due hours are looked for; a run with nothing due reads nothing. */
    public static final Duration RUN_EVERY = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(CategoryReleaseSchedule.class);
    private static final int MEASURES = DemandMeasure.values().length;

    private final DemandQueries queries;
    private final Supplier<? extends Collection<String>> categories;
    private final CategoryReleaseLog log;
    private final DpReleaser releaser;
    private final DemandSettings settings;
    private final double hourlyEpsilon;
    private final Instant firstHour;
    private volatile int unreleased;
    private volatile String problem;
    private final Object executorLock = new Object();
    private ScheduledExecutorService executor;

    /**
     * What one run did.
     *
     * @param released   the hours released by this run, oldest first
     * @param unreleased due hours still not released after it, oldest first
     * @param problem    why they were not, or null when none is left
     */
    public record Run(List<Instant> released, List<Instant> unreleased, String problem) {
    }

    /**
     * @param queries       the category store
     * @param categories    the public domain: the catalogue's categories now
     * @param log           where released hours are kept
     * @param releaser      charges the ledger and adds the noise
     * @param settings      the cap, the grace, the history and the backfill
     * @param hourlyEpsilon ε of each hour, see {@link #hourlyEpsilon}
     * @param startedAt     start-up: the first run releases from its hour minus the backfill on
     */
    public CategoryReleaseSchedule(DemandQueries queries, Supplier<? extends Collection<String>> categories,
                                   CategoryReleaseLog log, DpReleaser releaser, DemandSettings settings,
                                   double hourlyEpsilon, Instant startedAt) {
        this.queries = Objects.requireNonNull(queries, "queries");
        this.categories = Objects.requireNonNull(categories, "categories");
        this.log = Objects.requireNonNull(log, "log");
        this.releaser = Objects.requireNonNull(releaser, "releaser");
        this.settings = Objects.requireNonNull(settings, "settings");
        if (!(hourlyEpsilon > 0) || !Double.isFinite(hourlyEpsilon)) {
            throw new IllegalArgumentException("hourly epsilon must be positive, got " + hourlyEpsilon);
        }
        this.hourlyEpsilon = hourlyEpsilon;
        this.firstHour = startedAt.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(settings.backfillHours()));
    }

    /**
     * ε of each hourly release: {@code profilestream.demand.hourly-epsilon}, or the budget divided by
     * the hours of a budget period (24 for the default 1d) when unset.
     *
     * @throws IllegalArgumentException when the hours of one budget period would spend more than its
     *                                  budget
     */
    public static double hourlyEpsilon(DemandSettings settings, DifferentialPrivacyProperties dp) {
        long hoursPerPeriod = Math.max(1, (dp.period().toMillis() + DemandSettings.HOUR.toMillis() - 1)
                / DemandSettings.HOUR.toMillis());
        if (settings.hourlyEpsilon() == null) {
            return dp.budgetEpsilon() / hoursPerPeriod;
        }
        double epsilon = settings.hourlyEpsilon();
        BigDecimal perPeriod = BigDecimal.valueOf(epsilon).multiply(BigDecimal.valueOf(hoursPerPeriod));
        if (!Double.isFinite(epsilon) || epsilon <= 0 || perPeriod.compareTo(BigDecimal.valueOf(dp.budgetEpsilon())) > 0) {
            throw new IllegalArgumentException("profilestream.demand.hourly-epsilon (" + epsilon + ") times the "
                    + hoursPerPeriod + " hourly category releases of one budget period (profilestream.dp.period "
                    + dp.period() + ") is " + perPeriod.stripTrailingZeros().toPlainString() + ", more than "
                    + "profilestream.dp.budget-epsilon (" + dp.budgetEpsilon() + "): the rule is hourly-epsilon × "
                    + hoursPerPeriod + " <= budget-epsilon, so set hourly-epsilon to at most "
                    + dp.budgetEpsilon() / hoursPerPeriod + " or leave it unset for that");
        }
        return epsilon;
    }

    /** ε charged per released hour. */
    public double epsilon() {
        return hourlyEpsilon;
    }

    /**
     * ε the hourly releases still to come in the budget period ending at {@code periodEndsAt} will
     * charge: one per hour left in it, plus the hours the last run could not release. Other releases
     * that share the ledger (item demand) must leave this much, or the category hours would be
     * refused one after the other and never catch up within the period.
     */
    public double reservedEpsilon(Instant now, Instant periodEndsAt) {
        long millisLeft = Math.max(0, java.time.Duration.between(now, periodEndsAt).toMillis());
        long hoursLeft = (millisLeft + DemandSettings.HOUR.toMillis() - 1) / DemandSettings.HOUR.toMillis();
        return hourlyEpsilon * (hoursLeft + unreleased);
    }

    /** Due hours left unreleased by the last run. */
    public int unreleasedHours() {
        return unreleased;
    }

    /** Why the last run left hours unreleased, or null. */
    public String problem() {
        return problem;
    }

    /**
     * Releases every due hour not released yet, oldest first, and forgets hours older than the
     * history. Never throws for a refused charge or unreadable stores: those hours are retried at
     * the next run.
     */
    public synchronized Run releaseDue(Instant now) {
        Instant historyStart = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(settings.historyDays()));
        log.forgetBefore(historyStart);
        Instant lastDue = now.minus(DemandSettings.HOUR).minus(settings.grace()).truncatedTo(ChronoUnit.HOURS);
        List<Instant> due = new ArrayList<>();
        for (Instant h = firstHour.isAfter(historyStart) ? firstHour : historyStart; !h.isAfter(lastDue);
             h = h.plus(DemandSettings.HOUR)) {
            if (!log.isReleased(h)) {
                due.add(h);
            }
        }
        if (due.isEmpty()) {
            return finish(List.of(), List.of(), null);
        }
        Map<String, NavigableMap<Instant, DemandCounts>> local;
        try {
            local = localCounts(due.get(0), lastDue.plus(DemandSettings.HOUR));
        } catch (StoreUnavailableException e) {
            return finish(List.of(), due, "the category store cannot be read: " + e.getMessage());
        }
        if (local.isEmpty()) {
            return finish(List.of(), due, "no catalogue category is owned by this instance");
        }
        List<Instant> released = new ArrayList<>();
        for (Instant hour : due) {
            try {
                release(hour, local);
            } catch (PrivacyBudgetExhaustedException e) {
                return finish(released, due.subList(released.size(), due.size()), e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("Releasing the category demand of hour {} failed", hour, e);
                return finish(released, due.subList(released.size(), due.size()), "release failed: " + e);
            }
            released.add(hour);
        }
        return finish(released, List.of(), null);
    }

    /** Counts of the owned categories in {@code [from, to)}; every category of the domain present. */
    private Map<String, NavigableMap<Instant, DemandCounts>> localCounts(Instant from, Instant to) {
        Map<String, NavigableMap<Instant, DemandCounts>> local = new LinkedHashMap<>();
        for (String category : new TreeSet<>(categories.get())) {
            DemandQueries.Location location = queries.hourly(DemandKind.CATEGORY, category, from, to);
            if (location instanceof DemandQueries.Local owned) {
                local.put(category, owned.hours());
            }
        }
        return local;
    }

    private void release(Instant hour, Map<String, NavigableMap<Instant, DemandCounts>> local) {
        Map<Cell, Long> exact = new LinkedHashMap<>();
        for (Map.Entry<String, NavigableMap<Instant, DemandCounts>> category : local.entrySet()) {
            DemandCounts counts = category.getValue().getOrDefault(hour, DemandCounts.ZERO);
            for (DemandMeasure measure : DemandMeasure.values()) {
                exact.put(new Cell(category.getKey(), measure), counts.get(measure));
            }
        }
        long sensitivity = (long) MEASURES * settings.perUserHourlyCap();
        NoisyHistogram<Cell> noisy = releaser.histogram(RELEASE_NAME + hour, exact, sensitivity, hourlyEpsilon);
        Map<String, DemandCounts> cells = new TreeMap<>();
        for (String category : local.keySet()) {
            cells.put(category, new DemandCounts(noisy.values().get(new Cell(category, DemandMeasure.VIEWS)),
                    noisy.values().get(new Cell(category, DemandMeasure.ADD_TO_CARTS)),
                    noisy.values().get(new Cell(category, DemandMeasure.UNITS))));
        }
        log.add(new CategoryReleaseLog.HourRelease(hour, noisy.note(), cells));
    }

    private record Cell(String category, DemandMeasure measure) {
    }

    private Run finish(List<Instant> released, List<Instant> left, String why) {
        unreleased = left.size();
        // Once per episode, not every minute: the message names the hour and the spent budget, its start does not.
        if (why != null && (problem == null || !kind(why).equals(kind(problem)))) {
            LOG.warn("Category demand: {} closed hour(s) not released ({}); retried every {}", left.size(), why,
                    RUN_EVERY);
        } else if (why == null && problem != null) {
            LOG.info("Category demand: every closed hour is released again");
        }
        problem = why;
        if (!released.isEmpty()) {
            LOG.debug("Category demand released for hour(s) {}", released);
        }
        return new Run(List.copyOf(released), List.copyOf(left), why);
    }

    private static String kind(String problem) {
        int colon = problem.indexOf(':');
        return colon < 0 ? problem : problem.substring(0, colon);
    }

    /** Runs {@link #releaseDue} now and every {@link #RUN_EVERY} on a daemon thread, at {@code clock}'s time. */
    public void start(Clock clock) {
        synchronized (executorLock) {
            if (executor == null) {
                executor = schedule(clock);
            }
        }
    }

    private ScheduledExecutorService schedule(Clock clock) {
        ScheduledExecutorService scheduled = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "demand-category-releases");
            t.setDaemon(true);
            return t;
        });
        scheduled.scheduleWithFixedDelay(() -> {
            try {
                releaseDue(clock.instant());
            } catch (RuntimeException e) {
                // A thrown exception would cancel the schedule for good.
                LOG.error("Category demand release run failed", e);
            }
        }, 0, RUN_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return scheduled;
    }

    /** Stops the schedule, letting a run in progress finish (the log is closed by its owner). */
    @Override
    public void close() {
        ScheduledExecutorService running;
        synchronized (executorLock) {
            running = executor;
            executor = null;
        }
        if (running != null) {
            // Not shutdownNow: interrupting a run would close the log's file channel mid-write.
            running.shutdown();
            try {
                if (!running.awaitTermination(10, TimeUnit.SECONDS)) {
                    LOG.warn("Category demand release run still busy at shutdown");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
