package io.profilestream.model.dp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The accounting shared by the ledgers: entries of the current period, exact decimal sums, period
 * boundaries, and one lock so a check and its charge are atomic.
 */
abstract class AbstractPrivacyBudgetLedger implements PrivacyBudgetLedger {

    private final BigDecimal budget;
    private final Duration period;
    private final long periodMillis;
    private final Clock clock;
    /** Entries of the period starting at {@link #periodStart} (or later, if the clock was set back), oldest first. */
    private final List<LedgerEntry> current = new ArrayList<>();
    /** Sum of the epsilons in {@link #current}, kept so a charge costs O(1). */
    private BigDecimal spent = BigDecimal.ZERO;
    private long periodStart = Long.MIN_VALUE;
    private long lastSequence;

    AbstractPrivacyBudgetLedger(double budget, Duration period, Clock clock) {
        if (!Double.isFinite(budget) || budget <= 0) {
            throw new IllegalArgumentException("the privacy budget must be a positive finite epsilon, got " + budget);
        }
        if (period == null || period.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("the privacy budget period must be at least 1s, got " + period);
        }
        this.budget = BigDecimal.valueOf(budget);
        this.period = period;
        this.periodMillis = period.toMillis();
        this.clock = clock;
    }

    /** Records a charge durably before it counts; called with the ledger's lock held. */
    protected abstract void persist(LedgerEntry entry) throws IOException;

    /** Loads an entry recorded earlier (e.g. read back from a file); call before the ledger is shared. */
    protected final synchronized void restore(LedgerEntry entry) {
        lastSequence = Math.max(lastSequence, entry.sequence());
        // Entries of later periods count too: a clock set back must not refill the budget.
        if (periodStartOf(entry.chargedAt()) >= periodStartOf(clock.instant())) {
            current.add(entry);
            spent = spent.add(entry.epsilon());
        }
    }

    /** The highest sequence number recorded so far (0 before the first charge). */
    protected final synchronized long lastSequence() {
        return lastSequence;
    }

    @Override
    public final synchronized LedgerReceipt charge(String releaseName, double epsilon) {
        if (releaseName == null || releaseName.isBlank()) {
            throw new IllegalArgumentException("a release needs a name");
        }
        if (!Double.isFinite(epsilon) || epsilon <= 0) {
            throw new IllegalArgumentException("epsilon must be a positive finite number, got " + epsilon);
        }
        Instant now = clock.instant();
        roll(now);
        BigDecimal requested = BigDecimal.valueOf(epsilon);
        if (spent.add(requested).compareTo(budget) > 0) {
            throw new PrivacyBudgetExhaustedException(releaseName, budget, spent, requested, period, periodEnd());
        }
        LedgerEntry entry = new LedgerEntry(lastSequence + 1, releaseName, requested, now);
        try {
            persist(entry);
        } catch (IOException e) {
            throw new UncheckedIOException("could not record the privacy budget charge for '" + releaseName
                    + "'; nothing may be released", e);
        }
        lastSequence = entry.sequence();
        current.add(entry);
        spent = spent.add(requested);
        return new LedgerReceipt(entry.id(), releaseName, epsilon, now, spent.doubleValue(), left().doubleValue(),
                periodEnd());
    }

    @Override
    public final double budget() {
        return budget.doubleValue();
    }

    @Override
    public final Duration period() {
        return period;
    }

    @Override
    public final synchronized double spent() {
        roll(clock.instant());
        return spent.doubleValue();
    }

    @Override
    public final synchronized double remaining() {
        roll(clock.instant());
        return left().doubleValue();
    }

    @Override
    public final synchronized Instant periodEndsAt() {
        roll(clock.instant());
        return periodEnd();
    }

    @Override
    public final synchronized List<LedgerEntry> entries() {
        roll(clock.instant());
        return List.copyOf(current);
    }

    /** Starts a new period (empty) when the clock has left the current one. */
    private void roll(Instant now) {
        long start = periodStartOf(now);
        if (start != periodStart) {
            if (current.removeIf(e -> periodStartOf(e.chargedAt()) < start)) {
                spent = BigDecimal.ZERO;
                for (LedgerEntry e : current) {
                    spent = spent.add(e.epsilon());
                }
            }
            periodStart = start;
        }
    }

    /** What is left, never negative (spent exceeds the budget only after the budget was configured lower). */
    private BigDecimal left() {
        return budget.subtract(spent).max(BigDecimal.ZERO);
    }

    private Instant periodEnd() {
        return Instant.ofEpochMilli(Math.addExact(periodStart, periodMillis));
    }

    private long periodStartOf(Instant at) {
        return Math.floorDiv(at.toEpochMilli(), periodMillis) * periodMillis;
    }
}
