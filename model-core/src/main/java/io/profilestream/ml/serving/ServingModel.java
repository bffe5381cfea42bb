package io.profilestream.ml.serving;

import io.profilestream.ml.NextItemModel;
import io.profilestream.ml.NextItemModel.State;
import io.profilestream.ml.artifact.ModelMetadata;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One loaded model version, ready to serve: the LSTM that advances profiles (profile-updater)
 * and the retrieval + ranking that turns a profile into recommendations (recommender). Immutable
 * and thread-safe; a {@link ModelRegistry} swaps whole instances, so a request or an event that
 * took one instance finishes with it.
 */
public interface ServingModel {

    /** The version label (also the model directory's name). */
    String version();

    /** The artifact's metadata.json. */
    ModelMetadata metadata();

    /** The next-item LSTM (plain-Java step, {@code LstmStep}). */
    NextItemModel lstm();

    /**
     * The state after {@code itemIds} (oldest first) from the initial state; ids outside the
     * vocabulary are skipped, exactly as the online step skips them.
     */
    default State replay(List<String> itemIds) {
        NextItemModel m = lstm();
        State s = m.initialState();
        for (String id : itemIds) {
            var idx = m.vocabulary().indexOf(id);
            if (idx.isPresent()) {
                s = m.step(s, idx.get());
            }
        }
        return s;
    }

    /** Top-{@code q.k()} items for a profile, best first. */
    Recommendations recommend(Query q);

    /**
     * A recommendation request.
     *
     * @param state        the user's LSTM state under THIS model version
     * @param sessionItems the current session's clicks, oldest first (session features, repeats kept)
     * @param k            how many items to return
     * @param excluded     item ids that must not be returned (purchased, out of stock, shown too often)
     */
    record Query(State state, List<String> sessionItems, int k, Set<String> excluded) {
        public Query {
            sessionItems = List.copyOf(sessionItems);
            excluded = Set.copyOf(excluded);
            if (k < 1) {
                throw new IllegalArgumentException("k must be at least 1, was " + k);
            }
        }
    }

    /**
     * The answer.
     *
     * @param modelVersion version that produced it
     * @param path         how it was produced, e.g. {@code lstm+mlp} (retrieval then MLP re-rank) or
     *                     {@code lstm} (retrieval order with the repeat head's term for the
     *                     session's items, when the artifact has no ranker)
     * @param items        best first, at most k
     * @param stablePrefix how many leading items were ranked over a set that did not depend on the
     *                     query's exclusions: for the same state and session, the same model and any superset
     *                     of the exclusions, the answer starts with exactly these items minus the
     *                     extra exclusions, in this order (what lets a cache filter a deeper answer
     *                     instead of asking again); 0 when the model promises nothing. With an
     *                     approximate retriever the promise is up to retrieval: a search for a
     *                     different k or exclusions may find other approximate items
     */
    record Recommendations(String modelVersion, String path, List<Scored> items, int stablePrefix) {
        public Recommendations {
            items = List.copyOf(items);
            if (stablePrefix < 0 || stablePrefix > items.size()) {
                throw new IllegalArgumentException("stablePrefix must be within 0.." + items.size() + ", was " + stablePrefix);
            }
        }

        /** An answer whose model promises nothing about its order under more exclusions (stable prefix 0). */
        public Recommendations(String modelVersion, String path, List<Scored> items) {
            this(modelVersion, path, items, 0);
        }
    }

    /**
     * One recommended item.
     *
     * @param itemId the item
     * @param score  the final score the list is sorted by
     * @param parts  the named inputs of that score (e.g. lstm_score, vsknn_score, in_session)
     */
    record Scored(String itemId, double score, Map<String, Double> parts) {
        public Scored {
            parts = Map.copyOf(parts);
        }
    }
}
