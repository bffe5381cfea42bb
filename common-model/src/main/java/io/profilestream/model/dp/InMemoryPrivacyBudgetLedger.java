package io.profilestream.model.dp;

import java.time.Clock;
import java.time.Duration;

/**
 * A {@link PrivacyBudgetLedger} held in memory only: a restart starts with the full budget again,
 * so whoever can restart the service can spend the budget more than once per period. For tests and
 * the {@code local} profile; production configures {@code profilestream.dp.ledger-file}
 * ({@link FilePrivacyBudgetLedger}).
 */
public final class InMemoryPrivacyBudgetLedger extends AbstractPrivacyBudgetLedger {

    /**
     * An empty ledger.
     *
     * @param budget ε per period, positive and finite
     * @param period length of a period, at least 1 s (periods are aligned to the Unix epoch)
     * @param clock  time of charges and of period boundaries
     */
    public InMemoryPrivacyBudgetLedger(double budget, Duration period, Clock clock) {
        super(budget, period, clock);
    }

    @Override
    protected void persist(LedgerEntry entry) {
        // Nothing outlives the process.
    }
}
