package io.profilestream.profileupdater.query;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.profilestream.model.profile.UserProfile;
import java.util.Map;

/**
 * The REST representation of a profile: every field of {@link UserProfile} as on the profiles
 * topic (its {@code priceBand} already carries {@code typical}, {@code low}, {@code high}), plus
 * the top categories and brands with their shares, so clients need not know the decay model.
 *
 * @param profile       the stored profile, unwrapped into the top level
 * @param topCategories the {@value #TOP} categories with the highest affinity, best first, with shares
 * @param topBrands     the {@value #TOP} brands with the highest affinity, best first, with shares
 */
public record ProfileView(@JsonUnwrapped UserProfile profile, Map<String, Double> topCategories,
                          Map<String, Double> topBrands) {

    /** Entries in each top list. */
    public static final int TOP = 5;

    /** The view of one profile. */
    public static ProfileView of(UserProfile profile) {
        return new ProfileView(profile, profile.categoryAffinity().topShares(TOP), profile.brandAffinity().topShares(TOP));
    }
}
