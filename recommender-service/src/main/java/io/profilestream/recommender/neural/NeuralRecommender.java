package io.profilestream.recommender.neural;

import io.profilestream.ml.NextItemModel;
import io.profilestream.ml.serving.ServingModel;
import io.profilestream.model.profile.NeuralState;
import io.profilestream.recommender.metrics.InferenceClock;
import java.util.Optional;
import java.util.Set;

/**
 * The model path of a recommendation: the user's LSTM state under the model being served, then
 * that model's retrieval and ranking. Stateless and thread-safe.
 *
 * <p>Version rule (PLAN4): the stored {@code h, c} are used as they are only when the profile was
 * stepped by the very version being served; otherwise the session's clicks are replayed with this
 * model. So the profile-updater and the recommender may switch versions at different moments and
 * no request ever scores one model's vector with another model's weights.
 */
public final class NeuralRecommender {

    private final int minSteps;
    private final InferenceClock inference;

    /**
     * @param minSteps  LSTM steps a session needs before the model serves it (at least 1)
     * @param inference times the state and the model's answer of every call that produces one
     */
    public NeuralRecommender(int minSteps, InferenceClock inference) {
        if (minSteps < 1) {
            throw new IllegalArgumentException("minSteps must be at least 1, got " + minSteps);
        }
        this.minSteps = minSteps;
        this.inference = inference;
    }

    /**
     * The user's state under {@code model}, or empty when the model cannot serve this user: no
     * neural state, fewer than {@code minSteps} steps, or (after a version change) none of the
     * session's clicks is an item the model knows, so there is nothing personal to score with.
     */
    public Optional<NextItemModel.State> stateFor(ServingModel model, NeuralState neural) {
        if (neural == null || neural.steps() < minSteps) {
            return Optional.empty();
        }
        NextItemModel lstm = model.lstm();
        if (model.version().equals(neural.modelVersion()) && neural.hiddenSize() == lstm.hiddenSize()) {
            return Optional.of(new NextItemModel.State(neural.h(), neural.c()));
        }
        boolean anyKnown = neural.sessionItems().stream().anyMatch(id -> lstm.vocabulary().indexOf(id).isPresent());
        return anyKnown ? Optional.of(model.replay(neural.sessionItems())) : Optional.empty();
    }

    /**
     * The model's top {@code k} for the user, none of them in {@code excluded}; empty when the
     * model cannot serve this user (see {@link #stateFor}). An answer is timed as retrieval and
     * ranking ({@link InferenceClock}); a call that finds no state or throws records nothing.
     */
    public Optional<ServingModel.Recommendations> recommend(ServingModel model, NeuralState neural, int k,
                                                            Set<String> excluded) {
        InferenceClock.Measurement timing = inference.start();
        Optional<NextItemModel.State> state = stateFor(model, neural);
        if (state.isEmpty()) {
            return Optional.empty();
        }
        timing.stateReady();
        ServingModel.Recommendations answer =
                model.recommend(new ServingModel.Query(state.get(), neural.sessionItems(), k, excluded));
        timing.done();
        return Optional.of(answer);
    }
}
