package io.profilestream.trainer.eval;

import java.io.IOException;

/** Receives every prediction of an evaluation, in test-file order. */
public interface PredictionSink {

    /**
     * @param sessionId test session
     * @param position  clicks seen so far (1..n-1); the target is click {@code position + 1}
     * @param target    vocabulary index of the target
     * @param top       vocabulary indexes of the best items, best first; entries {@code [0, count)} are valid
     * @param count     how many entries of {@code top} are valid
     */
    void accept(String sessionId, int position, int target, int[] top, int count) throws IOException;
}
