package io.profilestream.profileupdater.neural;

import io.profilestream.ml.NextItemModel;
import io.profilestream.ml.serving.ModelRegistry;
import io.profilestream.ml.serving.ServingModel;
import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.profile.NeuralState;
import io.profilestream.model.profile.UserProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Advances a profile's next-item LSTM by one step per clean event, with the plain-Java
 * {@link NextItemModel#step} of the model the {@link ModelRegistry} serves at that moment.
 *
 * <p>Rules, in order:
 * <ol>
 *   <li>No model loaded: the state stays as it is (explicit features still update).</li>
 *   <li>A new session: the state restarts at zero with no session items, because the model was
 *       trained on sessions; long-term interest lives in the explicit features. This happens even
 *       when the event's item is unknown, so a stored vector never describes an earlier session.</li>
 *   <li>Same session but a state from another model version: the session items are replayed
 *       under the current model. Replay rather than re-initialise: the result is what the new
 *       model computes for the session (to a few float ulp, see {@code LstmKernel}), and at most
 *       {@code sessionItemsCap} steps is cheap.</li>
 *   <li>An item in the model's vocabulary: one step, the item appended to the session items
 *       (repeats kept, oldest first, at most {@code sessionItemsCap}). No item or an unknown one:
 *       no step.</li>
 * </ol>
 *
 * <p>The session of an event is the one the explicit fold assigned: its
 * {@link UserProfile#lastSessionKey()}, or {@code #<sessionCount>} for a session whose events
 * carry no session key (split by the inactivity gap), so both parts of the profile agree on
 * where sessions begin.
 *
 * <p>Thread-safe: the registry is read once per event and everything else is immutable.
 */
public final class NeuralProfileStep implements NeuralStep {

    /** Prefix of the session id of sessions without a pseudonym; pseudonyms are hex, so no clash. */
    public static final String UNKEYED_SESSION_PREFIX = "#";

    private final ModelRegistry models;
    private final int sessionItemsCap;
    private final NeuralMetrics metrics;

    /**
     * @param models          where the current model comes from
     * @param sessionItemsCap session items kept per profile (the replay length after a model change)
     * @param metrics         step counters and timer
     */
    public NeuralProfileStep(ModelRegistry models, int sessionItemsCap, NeuralMetrics metrics) {
        if (sessionItemsCap < 1) {
            throw new IllegalArgumentException("sessionItemsCap must be at least 1, was " + sessionItemsCap);
        }
        this.models = Objects.requireNonNull(models, "models");
        this.sessionItemsCap = sessionItemsCap;
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public NeuralState apply(UserProfile folded, CleanEvent event) {
        // Once per event: a swap during this event must not mix two versions in one state.
        Optional<ServingModel> model = models.current();
        if (model.isEmpty()) {
            metrics.noModel.increment();
            return folded.neural();
        }
        long start = System.nanoTime();
        NeuralState next = advance(model.get(), folded.neural(), sessionOf(folded), event.itemId());
        metrics.stepTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        return next;
    }

    /** The session the explicit fold put the event in (see the class comment). */
    public static String sessionOf(UserProfile folded) {
        return folded.lastSessionKey() != null ? folded.lastSessionKey()
                : UNKEYED_SESSION_PREFIX + folded.sessionCount();
    }

    /**
     * The state after one event under {@code model}.
     *
     * @param previous the state before the event, or null
     * @param session  the event's session id
     * @param itemId   the event's item, or null
     */
    NeuralState advance(ServingModel model, NeuralState previous, String session, String itemId) {
        NextItemModel lstm = model.lstm();
        Optional<Integer> index = itemId == null ? Optional.empty() : lstm.vocabulary().indexOf(itemId);
        if (index.isEmpty()) {
            (itemId == null ? metrics.noItem : metrics.unknownItem).increment();
        }

        NextItemModel.State state;
        List<String> items;
        int steps;
        if (previous == null || !session.equals(previous.sessionKey())) {
            if (previous == null && index.isEmpty()) {
                // Nothing known about this user's session yet: no vector beats a zero one.
                return null;
            }
            if (previous != null) {
                metrics.sessionResets.increment();
            }
            state = lstm.initialState();
            items = List.of();
            steps = 0;
        } else if (!previous.modelVersion().equals(model.version()) || previous.hiddenSize() != lstm.hiddenSize()) {
            metrics.migrations.increment();
            items = previous.sessionItems();
            state = model.replay(items);
            steps = (int) items.stream().filter(id -> lstm.vocabulary().indexOf(id).isPresent()).count();
        } else if (index.isEmpty()) {
            return previous;
        } else {
            state = new NextItemModel.State(previous.h(), previous.c());
            items = previous.sessionItems();
            steps = previous.steps();
        }

        if (index.isPresent()) {
            state = lstm.step(state, index.get());
            items = append(items, itemId, sessionItemsCap);
            steps++;
            metrics.steps.increment();
        }
        return new NeuralState(model.version(), session, items, steps, state.h(), state.c());
    }

    private static List<String> append(List<String> items, String item, int cap) {
        int keep = Math.min(items.size(), cap - 1);
        List<String> next = new ArrayList<>(keep + 1);
        next.addAll(items.subList(items.size() - keep, items.size()));
        next.add(item);
        return next;
    }
}
