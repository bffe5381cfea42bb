package io.profilestream.ml.lstm;

import io.profilestream.ml.ItemVocabulary;
import io.profilestream.ml.NextItemModel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RepeatHeadFitTest {

    private static final int ITEMS = 101;

    @Test
    void shouldFitTheLogOddsOfReturningToTheLastClickUnderAFlatNetwork() {
        // A network that scores all 101 items 0; half the next clicks repeat the last click, half go
        // elsewhere. Only bucket 0 sees data: without penalties its optimum is ln 100 = 4.605170
        // (e^w/(100 + e^w) = 1/2). With them, the gradient e^w0/(100 + e^w0) − 1/2 + 0.001·w0
        // + 0.01·(w0 − w1) = 0 and, for the empty buckets, 0.001·w_b + 0.01·(2w_b − w_{b−1} − w_{b+1})
        // = 0 (one neighbour for bucket 7), solved to 1e-15 by gradient descent in a separate script:
        // 4.538964, 3.338318, 2.471504, 1.851840, 1.417360, 1.124617, 0.944335, 0.858486. The scale,
        // which multiplies only zeros, stays 1.
        List<int[]> sessions = new ArrayList<>();
        for (int s = 0; s < 50; s++) {
            sessions.add(new int[]{s, s});
            sessions.add(new int[]{s, s + 1});
        }

        RepeatHeadFit.Fit fit = RepeatHeadFit.fit(new FlatNetwork(), sessions, 1_000);

        assertThat(fit.predictions()).isEqualTo(100);
        assertThat(fit.repeatShare()).isEqualTo(0.5);
        float[] expected = {4.538964f, 3.338318f, 2.471504f, 1.851840f, 1.417360f, 1.124617f, 0.944335f, 0.858486f};
        for (int b = 0; b < expected.length; b++) {
            assertThat(fit.head().recency()[b]).as("bucket %d", b).isCloseTo(expected[b], within(1e-4f));
        }
        assertThat(fit.head().scale()).isEqualTo(1f);
        assertThat(fit.lossBefore()).isCloseTo(Math.log(101), within(1e-12));
        // at w: −(w/2) + log(100 + e^w)
        double w = fit.head().recency()[0];
        assertThat(fit.lossAfter()).isCloseTo(-w / 2 + Math.log(100 + Math.exp(w)), within(1e-9));
    }

    @Test
    void shouldRankTheDistanceThatIsReturnedToMostHighest() {
        // Sessions a b c then a (distance 2) in 3 of 4, b (distance 1) in 1 of 4.
        List<int[]> sessions = new ArrayList<>();
        for (int s = 0; s < 40; s++) {
            int a = s;
            int b = s + 40;
            int c = (s + 80) % ITEMS;
            sessions.add(new int[]{a, b, c, s % 4 == 0 ? b : a});
        }

        RepeatHeadFit.Fit fit = RepeatHeadFit.fit(new FlatNetwork(), sessions, 10_000);

        float[] r = fit.head().recency();
        assertThat(r[2]).isGreaterThan(r[1]);
        assertThat(r[1]).isGreaterThan(r[0]);
        assertThat(fit.lossAfter()).isLessThan(fit.lossBefore());
    }

    @Test
    void shouldShrinkTheScaleOfAnOverconfidentNetwork() {
        // The network puts 10 logits on item (last + 1) but the next click is that item only half the
        // time, and any of the 100 others otherwise: the fitted scale must pull 10 back towards the
        // calibrated log-odds, e^(10a)/(100 + e^(10a)) ≈ 1/2, a ≈ ln(100)/10 = 0.46.
        List<int[]> sessions = new ArrayList<>();
        for (int s = 0; s < 60; s++) {
            sessions.add(new int[]{s, s % 2 == 0 ? s + 1 : (s + 37) % ITEMS});
        }

        RepeatHeadFit.Fit fit = RepeatHeadFit.fit(new OneItemNetwork(1, 10f), sessions, 1_000);

        assertThat(fit.head().scale()).isBetween(0.40f, 0.47f);
        assertThat(fit.lossAfter()).isLessThan(fit.lossBefore());
    }

    @Test
    void shouldStayFiniteWhenASessionItemHoldsAlmostAllTheMass() {
        // The network scores the last click 60 and everything else 0, but the next click is never
        // the last click: the best logit for distance 0 is far below 0, and the other items' mass
        // (100·e^−60 of the last click's) must survive in the sum while the fit gets there.
        List<int[]> sessions = new ArrayList<>();
        for (int s = 0; s < 50; s++) {
            sessions.add(new int[]{s, s + 1});
        }

        RepeatHeadFit.Fit fit = RepeatHeadFit.fit(new OneItemNetwork(0, 60f), sessions, 1_000);

        assertThat(fit.lossAfter()).isFinite().isLessThan(fit.lossBefore());
        assertThat(fit.head().recency()[0]).isNegative();
        assertThat(fit.head().scale()).isPositive();
    }

    @Test
    void shouldStopAtMaxPredictionsAndRefuseSessionsWithoutAPosition() {
        List<int[]> sessions = List.of(new int[]{1, 1, 1, 1}, new int[]{2, 2, 2});

        assertThat(RepeatHeadFit.fit(new FlatNetwork(), sessions, 4).predictions()).isEqualTo(4);
        assertThatThrownBy(() -> RepeatHeadFit.fit(new FlatNetwork(), List.of(new int[]{1}), 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no held-out session has 2 or more clicks to fit the repeat head on");
    }

    /** Scores item (last click + {@code offset}) {@code score} and every other item 0. */
    private static final class OneItemNetwork extends FlatNetwork {
        private final int offset;
        private final float score;

        OneItemNetwork(int offset, float score) {
            this.offset = offset;
            this.score = score;
        }

        @Override
        public State step(State state, int itemIndex) {
            return new State(new float[]{itemIndex}, new float[1]);
        }

        @Override
        public void scores(State state, float[] out) {
            Arrays.fill(out, 0f);
            out[((int) state.h()[0] + offset) % ITEMS] = score;
        }
    }

    /** Scores every item 0 whatever the clicks: all the signal is left to the head. */
    private static class FlatNetwork implements NextItemModel {
        private final ItemVocabulary vocabulary = TestWeights.vocabulary(ITEMS);

        @Override
        public ItemVocabulary vocabulary() {
            return vocabulary;
        }

        @Override
        public int hiddenSize() {
            return 1;
        }

        @Override
        public State initialState() {
            return new State(new float[1], new float[1]);
        }

        @Override
        public State step(State state, int itemIndex) {
            return state;
        }

        @Override
        public void scores(State state, float[] out) {
            Arrays.fill(out, 0f);
        }

        @Override
        public String name() {
            return "flat";
        }
    }
}
