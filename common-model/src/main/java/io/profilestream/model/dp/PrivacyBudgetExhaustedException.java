package io.profilestream.model.dp;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/**
 * A release was refused because its ε does not fit in what is left of the current period's
 * privacy budget. Nothing was charged and nothing was released.
 *
 * <p>At REST, answer with {@value #SUGGESTED_STATUS} (Too Many Requests), problem type
 * {@link #PROBLEM_TYPE}, a {@code Retry-After} header until {@link #resetsAt()}, and the
 * extension members {@code budget}, {@code spent}, {@code requested}, {@code resetsAt}.
 */
public final class PrivacyBudgetExhaustedException extends RuntimeException {

    /** Slug of the RFC 9457 problem type. */
    public static final String PROBLEM_SLUG = "privacy-budget-exhausted";

    /** The RFC 9457 problem type URN. */
    public static final String PROBLEM_TYPE = "urn:profilestream:problem:" + PROBLEM_SLUG;

    /** Suggested HTTP status: 429, the request may succeed after {@link #resetsAt()}. */
    public static final int SUGGESTED_STATUS = 429;

    private final String releaseName;
    private final BigDecimal budget;
    private final BigDecimal spent;
    private final BigDecimal requested;
    private final Duration period;
    private final Instant resetsAt;
    private final BigDecimal reserved;

    /**
     * @param releaseName the refused release
     * @param budget      ε per period
     * @param spent       ε already spent in the current period
     * @param requested   ε the release asked for
     * @param period      length of a budget period
     * @param resetsAt    start of the next period
     */
    public PrivacyBudgetExhaustedException(String releaseName, BigDecimal budget, BigDecimal spent, BigDecimal requested,
                                           Duration period, Instant resetsAt) {
        super("privacy budget exhausted: release '" + releaseName + "' requests epsilon " + plain(requested)
                + " but " + plain(spent) + " of the budget of " + plain(budget) + " per " + period
                + " is spent (" + plain(budget.subtract(spent).max(BigDecimal.ZERO)) + " left); the budget resets at " + resetsAt);
        this.releaseName = releaseName;
        this.budget = budget;
        this.spent = spent;
        this.requested = requested;
        this.period = period;
        this.resetsAt = resetsAt;
        this.reserved = BigDecimal.ZERO;
    }

    /**
     * A release refused because the part of the budget not spent yet is reserved for releases
     * that come later in the period on a schedule (e.g. hourly demand histograms).
     *
     * @param reserved    ε held back for the scheduled releases until {@code resetsAt}
     * @param reservedFor what the reservation is for, in a few words
     */
    public PrivacyBudgetExhaustedException(String releaseName, BigDecimal budget, BigDecimal spent, BigDecimal reserved,
                                           String reservedFor, BigDecimal requested, Duration period, Instant resetsAt) {
        super("privacy budget exhausted: release '" + releaseName + "' requests epsilon " + plain(requested)
                + " but of the budget of " + plain(budget) + " per " + period + " " + plain(spent) + " is spent and "
                + plain(reserved) + " is reserved for " + reservedFor + " (" + plain(budget.subtract(spent)
                .subtract(reserved).max(BigDecimal.ZERO)) + " left); the budget resets at " + resetsAt);
        this.releaseName = releaseName;
        this.budget = budget;
        this.spent = spent;
        this.requested = requested;
        this.period = period;
        this.resetsAt = resetsAt;
        this.reserved = reserved;
    }

    static String plain(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }

    /** The refused release. */
    public String releaseName() {
        return releaseName;
    }

    /** ε per period. */
    public double budget() {
        return budget.doubleValue();
    }

    /** ε already spent in the current period. */
    public double spent() {
        return spent.doubleValue();
    }

    /** ε held back for scheduled releases later in the period; 0 when nothing is reserved. */
    public double reserved() {
        return reserved.doubleValue();
    }

    /** ε the release asked for. */
    public double requested() {
        return requested.doubleValue();
    }

    /** Length of a budget period. */
    public Duration period() {
        return period;
    }

    /** When the next period starts and the budget is full again. */
    public Instant resetsAt() {
        return resetsAt;
    }
}
