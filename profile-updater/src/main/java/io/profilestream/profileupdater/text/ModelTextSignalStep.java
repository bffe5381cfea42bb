package io.profilestream.profileupdater.text;

import io.profilestream.ml.text.QueryInterests;
import io.profilestream.ml.text.SentimentModel;
import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.event.EventType;
import io.profilestream.model.profile.TextSignals;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.profileupdater.profile.ProfileSettings;
import java.util.Map;
import java.util.Objects;

/**
 * {@link TextSignalStep} with the text models of model-core: a REVIEW with text adds its
 * {@link SentimentModel} polarity to the running mean, a SEARCH with a query adds the query's
 * {@link QueryInterests} category distribution to the decayed query interests, with the same
 * half-life and size bound as category affinity ({@link ProfileSettings#affinityHalfLife()},
 * {@link ProfileSettings#maxAffinityEntries()}), so the two can be compared share for share.
 *
 * <p>Either model may be absent (null): the operator may want query interests without the
 * sentiment model, which on a time split did no better than a lexicon baseline. Both models are
 * immutable and thread-safe, so one instance serves every stream thread.
 */
public final class ModelTextSignalStep implements TextSignalStep {

    private final SentimentModel sentiment;
    private final QueryInterests queries;
    private final ProfileSettings settings;

    /**
     * @param sentiment the review sentiment model, or null to leave review signals untouched
     * @param queries   the query-interests model, or null to leave query interests untouched
     * @param settings  the folding settings whose affinity half-life and bound apply to query interests
     */
    public ModelTextSignalStep(SentimentModel sentiment, QueryInterests queries, ProfileSettings settings) {
        this.sentiment = sentiment;
        this.queries = queries;
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public TextSignals apply(UserProfile folded, CleanEvent event) {
        TextSignals text = folded.text();
        if (event.type() == EventType.REVIEW && sentiment != null && hasText(event.reviewText())) {
            return text.withReview(sentiment.score(event.reviewText()).polarity());
        }
        if (event.type() == EventType.SEARCH && queries != null && hasText(event.query())) {
            Map<String, Double> categories = queries.categories(event.query());
            return text.withQuery(categories, event.eventTime(), settings.affinityHalfLife(), settings.maxAffinityEntries());
        }
        return text;
    }

    /** The sentiment model in use, or null. */
    public SentimentModel sentiment() {
        return sentiment;
    }

    /** The query-interests model in use, or null. */
    public QueryInterests queries() {
        return queries;
    }

    private static boolean hasText(String s) {
        return s != null && !s.isBlank();
    }
}
