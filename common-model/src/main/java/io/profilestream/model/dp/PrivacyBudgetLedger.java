package io.profilestream.model.dp;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The privacy budget: every differentially private release charges its ε here first, and a release
 * whose ε does not fit is refused.
 *
 * <p>Accounting is basic sequential composition: the releases of one period together are
 * ε-differentially private for ε = the sum of their charges, which the ledger keeps at or below
 * {@link #budget()}. Periods are fixed windows of {@link #period()} aligned to the Unix epoch (so
 * {@code P1D} periods run from 00:00 to 24:00 UTC). The guarantee is per period: over k periods a
 * user's total privacy loss is up to k · budget, and releases just before and just after a period
 * boundary may together spend up to twice the budget. Charges are made in exact decimal arithmetic,
 * so ten charges of 0.1 spend exactly 1.
 *
 * <p>Implementations are thread-safe, and concurrent charges never exceed the budget.
 */
public interface PrivacyBudgetLedger {

    /**
     * The ledger configured by {@code profilestream.dp.*}: file-backed when a ledger file is set,
     * otherwise in memory, which is logged as a warning (a restart then refills the budget).
     *
     * @param properties the validated configuration
     * @param clock      time of charges and period boundaries ({@link Clock#systemUTC()} in production)
     * @throws IOException           when the ledger file cannot be created, read or locked
     * @throws IllegalStateException when the ledger file is in use or damaged (see {@link FilePrivacyBudgetLedger})
     */
    static PrivacyBudgetLedger open(DifferentialPrivacyProperties properties, Clock clock) throws IOException {
        if (properties.persistent()) {
            return FilePrivacyBudgetLedger.open(Path.of(properties.ledgerFile()), properties.budgetEpsilon(),
                    properties.period(), clock);
        }
        org.slf4j.LoggerFactory.getLogger(PrivacyBudgetLedger.class).warn("profilestream.dp.ledger-file is not set: the "
                + "privacy budget ledger (epsilon {} per {}) is kept in memory, so a restart refills the budget; "
                + "set it outside local development", properties.budgetEpsilon(), properties.period());
        return new InMemoryPrivacyBudgetLedger(properties.budgetEpsilon(), properties.period(), clock);
    }

    /**
     * Charges ε for one release, or refuses it. The release may be published only after this
     * returns; a charge is never refunded (a failed release after a charge only wastes budget).
     *
     * @param releaseName what is released, e.g. {@code segment-sizes}; not blank
     * @param epsilon     the release's ε: positive and finite
     * @return the receipt; its id goes into the release's privacy note
     * @throws PrivacyBudgetExhaustedException when spent + ε would exceed the budget of the current period
     * @throws IllegalArgumentException        for a blank name or an ε that is not positive and finite
     * @throws java.io.UncheckedIOException     when a persistent ledger cannot record the charge
     *                                         (then nothing may be released)
     */
    LedgerReceipt charge(String releaseName, double epsilon);

    /** ε per period. */
    double budget();

    /** Length of a budget period. */
    Duration period();

    /** ε spent in the current period. */
    double spent();

    /** ε left in the current period, {@code budget() - spent()} (0 if a lowered budget is already overspent). */
    double remaining();

    /** When the current period ends and the budget is full again. */
    Instant periodEndsAt();

    /** The charges of the current period, oldest first. */
    List<LedgerEntry> entries();
}
