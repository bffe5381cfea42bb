package io.profilestream.profileupdater.query;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.profilestream.model.profile.NeuralState;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.profileupdater.churn.ChurnRisk;
import io.profilestream.profileupdater.segment.UserSegment;
import java.util.Map;

/**
 * The REST representation of a profile: every field of {@link UserProfile} as on the profiles
 * topic (its {@code priceBand} already carries {@code typical}, {@code low}, {@code high}; its
 * {@code neural} part carries {@code h} and {@code c} as exact base64), plus the top categories
 * and brands with their shares, so clients need not know the decay model, the LSTM profile
 * vector as plain numbers, the churn risk and segment computed from the profile at read time, and
 * the top categories of the user's search queries (the {@code text} signals' query interests as shares).
 *
 * @param profile       the stored profile, unwrapped into the top level
 * @param topCategories the {@value #TOP} categories with the highest affinity, best first, with shares
 * @param topBrands     the {@value #TOP} brands with the highest affinity, best first, with shares
 * @param vector        the neural part readable by people and scripts; absent while the profile has none
 * @param churnRisk     the churn model's risk for this profile as of the read; absent without a churn model
 * @param segment       the user's segment as of the read; absent without a segment model
 * @param topQueryInterests the {@value #TOP} categories the user's searches point to most, best first,
 *                      with shares; absent while the profile has no query interests (no query model)
 */
public record ProfileView(@JsonUnwrapped UserProfile profile, Map<String, Double> topCategories,
                          Map<String, Double> topBrands, Vector vector, ChurnRisk churnRisk, UserSegment segment,
                          Map<String, Double> topQueryInterests) {

    /** A view without segment and query interests (the shape before they existed). */
    public ProfileView(UserProfile profile, Map<String, Double> topCategories, Map<String, Double> topBrands,
                       Vector vector, ChurnRisk churnRisk) {
        this(profile, topCategories, topBrands, vector, churnRisk, null, null);
    }

    /** Entries in each top list. */
    public static final int TOP = 5;

    /** The view of one profile, without churn risk or segment. */
    public static ProfileView of(UserProfile profile) {
        return of(profile, null, null);
    }

    /** The view of one profile with its churn risk (null: none), without segment. */
    public static ProfileView of(UserProfile profile, ChurnRisk churnRisk) {
        return of(profile, churnRisk, null);
    }

    /** The view of one profile with its churn risk and segment (each null: none). */
    public static ProfileView of(UserProfile profile, ChurnRisk churnRisk, UserSegment segment) {
        return new ProfileView(profile, profile.categoryAffinity().topShares(TOP), profile.brandAffinity().topShares(TOP),
                profile.neural() == null ? null : Vector.of(profile.neural()), churnRisk, segment,
                // Absent rather than {}: a service without a query model serves exactly what it did before.
                profile.text().queryInterests().scores().isEmpty() ? null : profile.text().queryInterests().topShares(TOP));
    }

    /**
     * The LSTM profile vector and where it comes from.
     *
     * @param modelVersion     model version that computed it
     * @param steps            LSTM steps of the current session behind it
     * @param sessionItemCount session items kept for a replay
     * @param hiddenSize       length of {@code h}
     * @param h                the vector (LSTM hidden output) as JSON numbers
     */
    public record Vector(String modelVersion, int steps, int sessionItemCount, int hiddenSize, float[] h) {

        /** The summary of {@code state}. */
        public static Vector of(NeuralState state) {
            return new Vector(state.modelVersion(), state.steps(), state.sessionItems().size(), state.hiddenSize(),
                    state.h());
        }
    }
}
