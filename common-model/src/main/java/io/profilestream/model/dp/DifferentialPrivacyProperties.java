package io.profilestream.model.dp;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The privacy budget of the aggregates a service releases ({@code profilestream.dp.*}); validated
 * at start-up. See {@link PrivacyBudgetLedger} for what the budget guarantees.
 *
 * <p>Releases should be computed once per refresh and then served from a cache: serving a stored
 * release again costs nothing, while computing a new one per request would spend the budget within
 * minutes.
 *
 * @param budgetEpsilon  ε that all releases of one period may spend together (sequential
 *                       composition); positive
 * @param period         length of a budget period, at least 1s; periods are aligned to the Unix
 *                       epoch, so the default {@code 1d} resets at 00:00 UTC
 * @param ledgerFile     the file-backed ledger ({@link FilePrivacyBudgetLedger}); empty (the
 *                       default) keeps the ledger in memory, so a restart refills the budget: fine
 *                       for the {@code local} profile, not for production
 * @param defaultEpsilon ε of one release when its caller does not choose one; in (0, budget-epsilon]
 */
@Validated
@ConfigurationProperties("profilestream.dp")
public record DifferentialPrivacyProperties(
        @DefaultValue("1.0")
        @Positive(message = "profilestream.dp.budget-epsilon must be positive")
        double budgetEpsilon,
        @DefaultValue("1d")
        @NotNull(message = "set profilestream.dp.period, e.g. 1d")
        Duration period,
        @DefaultValue("") String ledgerFile,
        @DefaultValue("0.1")
        @Positive(message = "profilestream.dp.default-epsilon must be positive")
        double defaultEpsilon) {

    /** Checks what the annotations cannot: finite values, the period's length, default ε within the budget. */
    public DifferentialPrivacyProperties {
        if (!Double.isFinite(budgetEpsilon) || budgetEpsilon <= 0) {
            throw new IllegalArgumentException("profilestream.dp.budget-epsilon must be a positive number, got " + budgetEpsilon);
        }
        if (period != null && period.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("profilestream.dp.period must be at least 1s, got " + period);
        }
        if (!Double.isFinite(defaultEpsilon) || defaultEpsilon <= 0 || defaultEpsilon > budgetEpsilon) {
            throw new IllegalArgumentException("profilestream.dp.default-epsilon must be in (0, " + budgetEpsilon
                    + "] (profilestream.dp.budget-epsilon), got " + defaultEpsilon);
        }
        ledgerFile = ledgerFile == null ? "" : ledgerFile.strip();
    }

    /** Whether the ledger is kept in a file (survives restarts). */
    public boolean persistent() {
        return !ledgerFile.isEmpty();
    }
}
