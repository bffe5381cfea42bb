package io.profilestream.ml.lstm;

import io.profilestream.ml.NextItemModel.State;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LstmStepParityTest {

    private static final float TOLERANCE = 1e-5f;

    @Test
    void plainJavaStepShouldMatchDl4jForwardPassOnRandomSequences() {
        assertMatchesDl4j(new LstmNextItemModel(TestWeights.vocabulary(40), TestWeights.random(40, 12, 16, 7)));
    }

    @Test
    void plainJavaStepShouldStillMatchDl4jOnceTheJitCompiledTheVectorActivation() {
        LstmNextItemModel model = new LstmNextItemModel(TestWeights.vocabulary(40), TestWeights.random(40, 12, 16, 7));
        // Until C2 compiles LstmVectorOps.activate its TANH/EXP lanes are Math calls per lane; after
        // it they are Intel SVML routines with other rounding. 60,000 steps is well past C2's tiered
        // thresholds (15,000 invocations), so the comparison below runs the compiled code.
        State s = model.initialState();
        for (int i = 0; i < 60_000; i++) {
            s = i % 20 == 0 ? model.initialState() : model.step(s, i % 40);
        }
        assertMatchesDl4j(model);
    }

    private static void assertMatchesDl4j(LstmNextItemModel model) {
        LstmWeights w = model.weights();
        MultiLayerNetwork net = Dl4jLstmNetwork.toNetwork(w);
        Random r = new Random(11);
        for (int run = 0; run < 5; run++) {
            int length = 1 + r.nextInt(12);
            int[] seq = r.ints(length, 0, 40).toArray();
            float[][] reference = Dl4jLstmNetwork.referenceHidden(net, seq, length);
            State s = model.initialState();
            for (int t = 0; t < length; t++) {
                s = model.step(s, seq[t]);
                assertClose(s.h(), reference[t]);
            }
            float[] scores = new float[40];
            model.scores(s, scores);
            assertClose(scores, Dl4jLstmNetwork.referenceScores(net, seq, length));
        }
    }

    @Test
    void weightsShouldSurviveTheRoundTripThroughTheDl4jNetwork() {
        LstmWeights w = TestWeights.random(9, 3, 4, 3);
        LstmWeights back = Dl4jLstmNetwork.fromNetwork(Dl4jLstmNetwork.toNetwork(w));
        assertThat(back.embedding()).containsExactly(w.embedding());
        assertThat(back.inputWeights()).containsExactly(w.inputWeights());
        assertThat(back.recurrentWeights()).containsExactly(w.recurrentWeights());
        assertThat(back.bias()).containsExactly(w.bias());
        assertThat(back.outputWeights()).containsExactly(w.outputWeights());
        assertThat(back.outputBias()).containsExactly(w.outputBias());
    }

    @Test
    void sameDiffTrainingGraphShouldMatchThePlainJavaStepAfterGateReordering() {
        LstmTrainingConfig c = new LstmTrainingConfig(6, 8, 1, 4, 0.01, 0, 0.75, 5L, 0.0, 10);
        LstmTrainer.Graph graph = LstmTrainer.Graph.build(30, c, List.of(), new Random(5));
        // Random biases so every gate block is distinguishable.
        graph.sd.getVariable("b").setArray(Nd4j.rand(DataType.FLOAT, 32).subi(0.5));
        int[][] seqs = {{1, 2, 3, 4, 5}, {29, 0, 17, 17, 8}};
        Map<String, org.nd4j.linalg.api.ndarray.INDArray> ph = new HashMap<>();
        float[] x = new float[2 * 5 * 6];
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 5; t++) {
                System.arraycopy(graph.rows.emb, seqs[b][t] * 6, x, (b * 5 + t) * 6, 6);
            }
        }
        graph.sd.getVariable("X").setArray(Nd4j.create(x, new long[]{2, 5, 6}, 'c'));
        ph.put("embDrop", Nd4j.ones(DataType.FLOAT, 2, 5, 6));
        float[] rows = graph.sd.output(ph, List.of(LstmTrainer.HIDDEN_ROWS)).get(LstmTrainer.HIDDEN_ROWS)
                .dup('c').data().asFloat();
        LstmNextItemModel model = graph.toModel(TestWeights.vocabulary(30));
        for (int b = 0; b < 2; b++) {
            State s = model.initialState();
            for (int t = 0; t < 5; t++) {
                s = model.step(s, seqs[b][t]);
                for (int j = 0; j < 8; j++) {
                    assertThat(s.h()[j]).isCloseTo(rows[(b * 5 + t) * 8 + j], within(TOLERANCE));
                }
            }
        }
    }

    private static void assertClose(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertThat(actual[i]).as("index %d", i).isCloseTo(expected[i], within(TOLERANCE));
        }
    }
}
