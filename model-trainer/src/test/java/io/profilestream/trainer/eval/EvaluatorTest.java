package io.profilestream.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.profilestream.ml.ItemVocabulary;
import io.profilestream.ml.SessionScorer;
import io.profilestream.trainer.data.Interaction;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

    /** A lookup table, not a model: after item i every item j scores TABLE[i][j]. */
    private static final float[][] TABLE = {
            {0f, 3f, 2f, 1f},   // after A: B, C, D, A
            {1f, 1f, 1f, 1f},   // after B: all tied
            {0f, 0f, 0f, 5f},   // after C: D, then A B C tied
            {9f, 1f, 2f, 3f}};  // after D: A, D, C, B

    private static final SessionScorer LAST_ITEM_TABLE = new SessionScorer() {
        @Override
        public String name() {
            return "table";
        }

        @Override
        public void score(int[] prefix, int length, float[] out) {
            System.arraycopy(TABLE[prefix[length - 1]], 0, out, 0, 4);
        }
    };

    private static final ItemVocabulary VOCAB = new ItemVocabulary(List.of("A", "B", "C", "D"));

    @Test
    void shouldScoreEveryPositionOfEverySessionAgainstTheNextClick() throws Exception {
        // s1 = A B B: A->B rank 1; B->B all tied: 1 + 0.5*3 = 2.5
        // s2 = C A D: C->A: A,B,C tied below D: 1 + 1 + 0.5*2 = 3; A->D rank 3
        List<TestSession> sessions = List.of(new TestSession("s1", new int[] {0, 1, 1}),
                new TestSession("s2", new int[] {2, 0, 3}));
        List<Integer> progress = new ArrayList<>();
        Metrics m = new Evaluator(1, 3).evaluate(LAST_ITEM_TABLE, sessions, 4, null, progress::add);

        assertThat(m.predictions()).isEqualTo(4);
        assertThat(m.recall(1)).isEqualTo(0.25);
        assertThat(m.recall(3)).isEqualTo(1.0);
        assertThat(m.mrr(3)).isCloseTo((1 + 1 / 2.5 + 1 / 3.0 + 1 / 3.0) / 4, within(1e-15));
        assertThat(progress).containsExactly(1, 1);
    }

    @Test
    void shouldWritePredictionsInTestFileOrderWithTopItemsBestFirst() throws Exception {
        List<TestSession> sessions = List.of(new TestSession("s1", new int[] {0, 1, 1}),
                new TestSession("s2", new int[] {2, 0, 3}));
        StringWriter out = new StringWriter();
        new Evaluator(20).evaluate(LAST_ITEM_TABLE, sessions, 4, new PredictionWriter(out, VOCAB), null);

        assertThat(out.toString()).isEqualTo(
                "s1\t1\tB\tB,C,D,A\n"
                        + "s1\t2\tB\tA,B,C,D\n"
                        + "s2\t1\tA\tD,A,B,C\n"
                        + "s2\t2\tD\tB,C,D,A\n");
    }

    @Test
    void shouldWriteExactlyTwentyItemsForALargeVocabulary() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ids.add("i" + i);
        }
        SessionScorer byIndex = new SessionScorer() {
            @Override
            public String name() {
                return "by-index";
            }

            @Override
            public void score(int[] prefix, int length, float[] out) {
                for (int i = 0; i < out.length; i++) {
                    out[i] = i;
                }
            }
        };
        StringWriter out = new StringWriter();
        new Evaluator(20).evaluate(byIndex, List.of(new TestSession("x", new int[] {3, 29})), 30,
                new PredictionWriter(out, new ItemVocabulary(ids)), null);
        assertThat(out.toString()).isEqualTo("x\t1\ti29\ti29,i28,i27,i26,i25,i24,i23,i22,i21,i20,i19,i18,i17,i16,"
                + "i15,i14,i13,i12,i11,i10\n");
    }

    @Test
    void shouldRemoveTestClicksOnUnknownItemsAndDropSessionsLeftTooShort() {
        List<Interaction> test = List.of(
                new Interaction("1", "", "A", 1, "view", "", ""),
                new Interaction("1", "", "Z", 2, "view", "", ""),
                new Interaction("1", "", "C", 3, "view", "", ""),
                new Interaction("2", "", "Z", 1, "view", "", ""),
                new Interaction("2", "", "B", 2, "view", "", ""));
        long[] unknown = new long[1];
        List<TestSession> sessions = TestSession.of(test, VOCAB, unknown);
        assertThat(sessions).hasSize(1);
        assertThat(sessions.get(0).id()).isEqualTo("1");
        assertThat(sessions.get(0).items()).containsExactly(0, 2);
        assertThat(unknown[0]).isEqualTo(2);
    }
}
