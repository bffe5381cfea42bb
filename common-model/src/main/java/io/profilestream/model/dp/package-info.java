/**
 * Differential privacy for every aggregate that leaves the system (segment sizes, demand per
 * category, dashboard counts).
 *
 * <ul>
 *   <li>{@link io.profilestream.model.dp.DpReleaser}: the facade. Charges the budget, adds noise,
 *       returns the noisy values with a {@link io.profilestream.model.dp.PrivacyNote} (ε, mechanism,
 *       noise scale, ledger receipt) to show next to them.</li>
 *   <li>{@link io.profilestream.model.dp.DiscreteLaplace}: the mechanism, the discrete Laplace
 *       distribution sampled exactly with integer arithmetic (Canonne, Kamath, Steinke 2020), not
 *       floating-point Laplace (Mironov 2012). Real values go through
 *       {@link io.profilestream.model.dp.ClampedSum} as fixed-point integers.</li>
 *   <li>{@link io.profilestream.model.dp.PrivacyBudgetLedger}: ε per period with sequential
 *       composition; in memory or in an fsynced append-only file
 *       ({@link io.profilestream.model.dp.FilePrivacyBudgetLedger}). A refused release throws
 *       {@link io.profilestream.model.dp.PrivacyBudgetExhaustedException}, problem slug
 *       {@code privacy-budget-exhausted}, HTTP 429.</li>
 *   <li>{@link io.profilestream.model.dp.DifferentialPrivacyProperties}: {@code profilestream.dp.*}.</li>
 * </ul>
 *
 * <p>What the caller still owns: bounding each user's contribution and stating the resulting
 * sensitivity; histogram keys from a public domain; caching each release instead of re-releasing
 * per request. Neighbouring datasets differ by one user's data added or removed.
 */
package io.profilestream.model.dp;
