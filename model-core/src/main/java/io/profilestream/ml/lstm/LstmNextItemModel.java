package io.profilestream.ml.lstm;

import io.profilestream.ml.ItemVocabulary;
import io.profilestream.ml.NextItemModel;

/**
 * The trained LSTM as a {@link NextItemModel}, evaluated in plain Java: steps by {@link LstmKernel}
 * (within a few float ulp of the reference {@link LstmStep}), scores of a state by
 * {@link LstmStep#scores}. As a {@link io.profilestream.ml.SessionScorer} it adds its
 * {@link RepeatHead} for the session's own items to those scores.
 */
public final class LstmNextItemModel implements NextItemModel {

    private final ItemVocabulary vocabulary;
    private final LstmWeights weights;
    private final LstmKernel kernel;
    private final RepeatHead repeat;

    /** A model without a repeat term ({@link RepeatHead#none}). */
    public LstmNextItemModel(ItemVocabulary vocabulary, LstmWeights weights) {
        this(vocabulary, weights, RepeatHead.none());
    }

    /** @throws IllegalArgumentException when the weights do not cover exactly the vocabulary */
    public LstmNextItemModel(ItemVocabulary vocabulary, LstmWeights weights, RepeatHead repeat) {
        if (vocabulary.size() != weights.items()) {
            throw new IllegalArgumentException("weights cover " + weights.items()
                    + " items but the vocabulary has " + vocabulary.size());
        }
        this.vocabulary = vocabulary;
        this.weights = weights;
        this.kernel = new LstmKernel(weights);
        this.repeat = java.util.Objects.requireNonNull(repeat, "repeat head");
    }

    @Override
    public String name() {
        return "LSTM";
    }

    @Override
    public ItemVocabulary vocabulary() {
        return vocabulary;
    }

    @Override
    public int hiddenSize() {
        return weights.hiddenSize();
    }

    /** The parameters (shared, do not modify), e.g. the item output vectors for retrieval. */
    public LstmWeights weights() {
        return weights;
    }

    /** The repeat term ({@link RepeatHead#isNone()} for a model without one). */
    public RepeatHead repeatHead() {
        return repeat;
    }

    /** The same network with another repeat head. */
    public LstmNextItemModel withRepeatHead(RepeatHead head) {
        return new LstmNextItemModel(vocabulary, weights, head);
    }

    @Override
    public State initialState() {
        return new State(new float[weights.hiddenSize()], new float[weights.hiddenSize()]);
    }

    @Override
    public State step(State state, int itemIndex) {
        return kernel.step(state, itemIndex);
    }

    @Override
    public void scores(State state, float[] out) {
        LstmStep.scores(weights, state.h(), out);
    }

    /** The network's scores of the state on the repeat head's scale, plus its term for the prefix's own items. */
    @Override
    public void scores(State state, int[] prefix, int length, float[] out) {
        scores(state, out);
        repeat.apply(prefix, length, out);
    }
}
