package io.profilestream.model.dp;

import java.security.SecureRandom;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The one way an aggregate leaves the system: charges the {@link PrivacyBudgetLedger}, then adds
 * {@link DiscreteLaplace} noise calibrated to the caller's sensitivity and ε.
 *
 * <p><b>Neighbouring datasets</b> differ by adding or removing all the data of one user. The
 * caller states the sensitivity: the most one user can change the released value(s) in total
 * (L1), AFTER the caller's own contribution bounding (e.g. "each user counts at most once per
 * category and in at most 3 categories" gives a histogram sensitivity of 3). A sensitivity set too
 * low voids the guarantee; this class cannot check it.
 *
 * <p><b>Histogram keys must come from a public domain</b> (catalogue categories, segment ids
 * 0..k-1, hours of a day), never from the data: a key present only because some user produced it
 * reveals that user even with noisy counts. Give every domain key a count (0 when nothing was
 * seen); {@link #histogram(String, Collection, Map, long, double)} does that for you.
 *
 * <p><b>Negative noisy counts</b> are clamped at 0 in {@code value}s: clamping a released value is
 * post-processing, which never weakens differential privacy. The unclamped value is returned too,
 * because it is unbiased (clamping shifts small counts upward).
 *
 * <p><b>Cache releases.</b> Each call spends budget; serving a stored release again is free.
 * Releases are made in this order: arguments are checked (a bad call costs nothing), the ledger is
 * charged (a refusal releases nothing), then noise is drawn.
 *
 * <p>Thread-safe (draws are serialised on the generator).
 */
public final class DpReleaser {

    private final PrivacyBudgetLedger ledger;
    private final RandomGenerator random;

    /**
     * A releaser drawing from the given generator; tests pass a seeded one. Production uses
     * {@link #withSecureRandom}: the noise must be unpredictable.
     */
    public DpReleaser(PrivacyBudgetLedger ledger, RandomGenerator random) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * The production releaser: noise from a {@link SecureRandom} (the platform's non-blocking
     * default, e.g. NativePRNG on Linux).
     */
    public static DpReleaser withSecureRandom(PrivacyBudgetLedger ledger) {
        return new DpReleaser(ledger, new SecureRandom());
    }

    /** The ledger every release is charged to. */
    public PrivacyBudgetLedger ledger() {
        return ledger;
    }

    /**
     * Releases one count.
     *
     * @param releaseName what is released, e.g. {@code dashboard-active-users}; goes into the ledger
     * @param exact       the exact count, at least 0
     * @param sensitivity the most one user can change the count, at least 1
     * @param epsilon     ε of this release, charged to the ledger
     * @throws PrivacyBudgetExhaustedException when ε does not fit in the remaining budget
     * @throws IllegalArgumentException        for a negative count, a sensitivity below 1 or a bad ε
     */
    public NoisyCount count(String releaseName, long exact, long sensitivity, double epsilon) {
        if (exact < 0) {
            throw new IllegalArgumentException("a count cannot be negative, got " + exact);
        }
        DiscreteLaplace noise = DiscreteLaplace.forEpsilon(sensitivity, epsilon);
        LedgerReceipt receipt = ledger.charge(releaseName, epsilon);
        long raw;
        synchronized (random) {
            raw = Math.addExact(exact, noise.sample(random));
        }
        return new NoisyCount(Math.max(0, raw), raw, note(epsilon, sensitivity, noise, 1, receipt));
    }

    /**
     * Releases a histogram whose domain is the key set of {@code exactCounts}, in its iteration
     * order. Those keys MUST be a public domain fixed in advance (see the class documentation):
     * fill in every domain key, with 0 where nothing was counted. Prefer
     * {@link #histogram(String, Collection, Map, long, double)}, which does that.
     *
     * @param releaseName   what is released; goes into the ledger
     * @param exactCounts   exact count per public key, each at least 0
     * @param l1Sensitivity the most one user can change all counts together (sum of absolute changes)
     * @param epsilon       ε of the whole histogram, charged ONCE
     * @throws PrivacyBudgetExhaustedException when ε does not fit in the remaining budget
     * @throws IllegalArgumentException        for an empty histogram, a negative or null count, a
     *                                         sensitivity below 1 or a bad ε
     */
    public <K> NoisyHistogram<K> histogram(String releaseName, Map<K, Long> exactCounts, long l1Sensitivity,
                                           double epsilon) {
        return histogram(releaseName, exactCounts.keySet(), exactCounts, l1Sensitivity, epsilon);
    }

    /**
     * Releases a histogram over a public domain: every domain key gets a noisy count (0 plus noise
     * when absent from {@code exactCounts}). Adding noise to each of the cells with scale
     * {@code l1Sensitivity / ε} makes the whole histogram ε-differentially private, so ε is
     * charged once.
     *
     * @param releaseName   what is released; goes into the ledger
     * @param publicDomain  the keys, fixed independently of the data (e.g. all catalogue categories);
     *                      the result follows its iteration order
     * @param exactCounts   exact count per key, each at least 0; no key outside the domain
     * @param l1Sensitivity the most one user can change all counts together (sum of absolute changes)
     * @param epsilon       ε of the whole histogram, charged ONCE
     * @throws PrivacyBudgetExhaustedException when ε does not fit in the remaining budget
     * @throws IllegalArgumentException        for an empty domain, a null domain key, a key outside
     *                                         the domain, a negative or null count, a sensitivity
     *                                         below 1 or a bad ε
     */
    public <K> NoisyHistogram<K> histogram(String releaseName, Collection<K> publicDomain, Map<K, Long> exactCounts,
                                           long l1Sensitivity, double epsilon) {
        Set<K> domain = new LinkedHashSet<>(publicDomain);
        if (domain.isEmpty()) {
            throw new IllegalArgumentException("a histogram needs a non-empty public domain of keys");
        }
        if (domain.contains(null)) {
            throw new IllegalArgumentException("the public domain of a histogram must not contain null");
        }
        long outside = exactCounts.keySet().stream().filter(k -> !domain.contains(k)).count();
        if (outside > 0) {
            // The keys themselves are not printed: a key outside the public domain may be private data.
            throw new IllegalArgumentException(outside + " key(s) of the exact counts are not in the public domain; "
                    + "releasing them would reveal that someone produced them");
        }
        for (Map.Entry<K, Long> e : exactCounts.entrySet()) {
            if (e.getValue() == null || e.getValue() < 0) {
                throw new IllegalArgumentException("histogram counts must be non-negative numbers, got " + e.getValue());
            }
        }
        DiscreteLaplace noise = DiscreteLaplace.forEpsilon(l1Sensitivity, epsilon);
        LedgerReceipt receipt = ledger.charge(releaseName, epsilon);
        Map<K, Long> values = new LinkedHashMap<>();
        Map<K, Long> raw = new LinkedHashMap<>();
        synchronized (random) {
            for (K key : domain) {
                long noisy = Math.addExact(exactCounts.getOrDefault(key, 0L), noise.sample(random));
                raw.put(key, noisy);
                values.put(key, Math.max(0, noisy));
            }
        }
        return new NoisyHistogram<>(values, raw, note(epsilon, l1Sensitivity, noise, 1, receipt));
    }

    /**
     * Releases a clamped sum of real values (e.g. the revenue of a category); see {@link ClampedSum}
     * for the bounds, the resolution, and how to release a mean.
     *
     * @param releaseName what is released; goes into the ledger
     * @param sum         the exact clamped sum; its sensitivity is {@link ClampedSum#sensitivityUnits()}
     * @param epsilon     ε of this release, charged to the ledger
     * @throws PrivacyBudgetExhaustedException when ε does not fit in the remaining budget
     * @throws IllegalArgumentException        for a bad ε, or bounds whose sensitivity is 0 units
     */
    public NoisySum sum(String releaseName, ClampedSum sum, double epsilon) {
        DiscreteLaplace noise = DiscreteLaplace.forEpsilon(sum.sensitivityUnits(), epsilon);
        LedgerReceipt receipt = ledger.charge(releaseName, epsilon);
        long units;
        synchronized (random) {
            units = Math.addExact(sum.units(), noise.sample(random));
        }
        return new NoisySum(sum.toValue(units), units, sum.lower(), sum.upper(),
                note(epsilon, sum.sensitivityUnits(), noise, sum.resolution(), receipt));
    }

    private static PrivacyNote note(double epsilon, long sensitivity, DiscreteLaplace noise, double unit,
                                    LedgerReceipt receipt) {
        return new PrivacyNote(epsilon, DiscreteLaplace.MECHANISM, sensitivity, noise.scale() * unit,
                noise.standardDeviation() * unit, receipt.id());
    }
}
