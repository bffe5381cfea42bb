package io.profilestream.model.dp;

import java.time.Instant;

/**
 * Proof that a release was paid for: returned by {@link PrivacyBudgetLedger#charge} once the charge
 * is recorded (for the file-backed ledger: written and flushed to disk).
 *
 * @param id           the ledger entry's id, shown in the release's privacy note
 * @param releaseName  what was released
 * @param epsilon      the ε charged
 * @param chargedAt    when
 * @param spent        ε spent in the current period including this charge
 * @param remaining    ε left in the current period after this charge
 * @param periodEndsAt when the current period ends and the budget is full again
 */
public record LedgerReceipt(String id, String releaseName, double epsilon, Instant chargedAt, double spent,
                            double remaining, Instant periodEndsAt) {
}
