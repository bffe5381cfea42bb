package io.profilestream.ml.lstm;

import io.profilestream.ml.ItemVocabulary;
import io.profilestream.ml.NextItemModel;

/**
 * The trained LSTM as a {@link NextItemModel}, evaluated in plain Java: steps by {@link LstmKernel}
 * (within a few float ulp of the reference {@link LstmStep}), scores by {@link LstmStep#scores}.
 */
public final class LstmNextItemModel implements NextItemModel {

    private final ItemVocabulary vocabulary;
    private final LstmWeights weights;
    private final LstmKernel kernel;

    /** @throws IllegalArgumentException when the weights do not cover exactly the vocabulary */
    public LstmNextItemModel(ItemVocabulary vocabulary, LstmWeights weights) {
        if (vocabulary.size() != weights.items()) {
            throw new IllegalArgumentException("weights cover " + weights.items()
                    + " items but the vocabulary has " + vocabulary.size());
        }
        this.vocabulary = vocabulary;
        this.weights = weights;
        this.kernel = new LstmKernel(weights);
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
}
