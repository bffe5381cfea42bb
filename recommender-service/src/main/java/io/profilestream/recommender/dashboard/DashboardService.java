package io.profilestream.recommender.dashboard;

import io.profilestream.ml.serving.ModelRegistry;
import io.profilestream.ml.serving.ServingModel;
import io.profilestream.ml.serving.VersionedModels;
import io.profilestream.recommender.api.RecommendationService;
import io.profilestream.ml.segment.SegmentDescription;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.recommender.catalogue.CatalogueIndex;
import io.profilestream.recommender.segment.Segments;
import java.time.Clock;
import java.util.Objects;
import org.apache.kafka.streams.state.HostInfo;

/**
 * What the dashboard's JSON endpoints answer. A user's profile and recommendations come from one
 * {@link RecommendationService#preview}: the same pseudonymisation, key-rotation fallback and
 * sealed-profile opening as a recommendation request, without recording an impression.
 */
public final class DashboardService {

    /** What became of a user lookup. */
    public sealed interface UserAnswer {
        /** Answered here. */
        record Here(UserView view) implements UserAnswer {
        }

        /** Another instance owns the user's profile; the request must go there. */
        record OwnedElsewhere(HostInfo owner) implements UserAnswer {
        }
    }

    private final RecommendationService recommendations;
    private final CatalogueIndex catalogue;
    private final ModelRegistry models;
    private final RateMeter rates;
    private final VersionedModels<Segments> segments;
    private final Clock clock;

    /**
     * A dashboard without segments.
     *
     * @param recommendations computes the user's list (and opens their profile) without serving it
     * @param catalogue       names the category of the user's recent items
     * @param models          the model being served
     * @param rates           this instance's event and recommendation rates
     */
    public DashboardService(RecommendationService recommendations, CatalogueIndex catalogue, ModelRegistry models,
                            RateMeter rates) {
        this(recommendations, catalogue, models, rates, null, Clock.systemUTC());
    }

    /**
     * @param recommendations computes the user's list (and opens their profile) without serving it
     * @param catalogue       names the category of the user's recent items
     * @param models          the model being served
     * @param rates           this instance's event and recommendation rates
     * @param segments        places the user's profile in a segment (the version current at each lookup);
     *                        null without a segment model
     * @param clock           "now" for the segment's recency feature
     */
    public DashboardService(RecommendationService recommendations, CatalogueIndex catalogue, ModelRegistry models,
                            RateMeter rates, VersionedModels<Segments> segments, Clock clock) {
        this.recommendations = Objects.requireNonNull(recommendations, "recommendations");
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
        this.models = Objects.requireNonNull(models, "models");
        this.rates = Objects.requireNonNull(rates, "rates");
        this.segments = segments;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** This instance's rates now and the model version it serves. */
    public RatesView rates() {
        RateMeter.Rates now = rates.sample();
        return new RatesView(now.asOf(), now.overSeconds(), now.eventsPerSecond(), now.recommendationsPerSecond(),
                models.current().map(ServingModel::version).orElse(null));
    }

    /**
     * The profile and top-{@code k} recommendations of the shop's user id.
     *
     * @throws io.profilestream.recommender.api.ParameterOutOfRangeException when k is outside 1..maxK
     * @throws io.profilestream.recommender.api.StoreUnavailableException when the profile cannot be looked up now
     */
    public UserAnswer user(String rawUserId, int k) {
        RecommendationService.Outcome outcome = recommendations.preview(rawUserId, k);
        if (outcome instanceof RecommendationService.Outcome.OwnedElsewhere elsewhere) {
            return new UserAnswer.OwnedElsewhere(elsewhere.owner());
        }
        RecommendationService.Outcome.Previewed previewed = (RecommendationService.Outcome.Previewed) outcome;
        UserView.Profile profile = previewed.profile() == null ? null
                : UserView.profile(previewed.profile(), catalogue::get);
        return new UserAnswer.Here(new UserView(previewed.response().userKey(), profile, previewed.response(),
                segmentOf(previewed.profile())));
    }

    // Placed at read time, as profile-updater does: recency is a feature, so the segment moves with "now".
    private UserView.Segment segmentOf(UserProfile profile) {
        Segments current = segments == null ? null : segments.current().orElse(null);
        if (current == null || profile == null) {
            return null;
        }
        SegmentDescription description = current.segmentOf(profile, clock.instant());
        return description == null ? null : new UserView.Segment(description.id(), description.text());
    }
}
