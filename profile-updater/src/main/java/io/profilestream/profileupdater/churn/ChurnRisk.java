package io.profilestream.profileupdater.churn;

import java.time.Instant;

/**
 * The churn model's answer for one profile, as the profile endpoint shows it ({@code churnRisk}).
 *
 * @param probability  probability (0..1) that the user has no event within {@code horizonHours} after {@code asOf}
 * @param horizonHours the horizon the model was trained for
 * @param modelVersion the churn model's version
 * @param asOf         the instant the risk refers to: when the profile was read
 */
public record ChurnRisk(double probability, long horizonHours, String modelVersion, Instant asOf) {
}
