package io.profilestream.model.dp;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One charge in a {@link PrivacyBudgetLedger}; also one line of the file-backed ledger.
 *
 * @param sequence    1 for the ledger's first charge ever, then consecutive (also across periods)
 * @param releaseName what was released, e.g. {@code segment-sizes}
 * @param epsilon     the ε charged, exactly as requested (decimal)
 * @param chargedAt   when it was charged, by the ledger's clock
 */
public record LedgerEntry(
        @JsonProperty("seq") long sequence,
        @JsonProperty("release") String releaseName,
        @JsonProperty("epsilon") BigDecimal epsilon,
        @JsonProperty("at") Instant chargedAt) {

    /** Validates every component (a ledger line read back must be complete). */
    @JsonCreator
    public LedgerEntry {
        if (sequence < 1) {
            throw new IllegalArgumentException("seq must be at least 1, got " + sequence);
        }
        Objects.requireNonNull(releaseName, "release");
        Objects.requireNonNull(epsilon, "epsilon");
        Objects.requireNonNull(chargedAt, "at");
        if (epsilon.signum() <= 0) {
            throw new IllegalArgumentException("epsilon must be positive, got " + epsilon);
        }
    }

    /** The receipt id of this charge, {@code dp-<sequence>}. */
    @JsonIgnore
    public String id() {
        return "dp-" + sequence;
    }
}
