package io.profilestream.ml.lstm;

import io.profilestream.ml.NextItemModel.State;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LstmKernelTest {

    /**
     * Hidden 128 over 17-wide input: gate rows of 512, and an input size that is no lane multiple.
     * Weights of standard deviation 0.1, the scale of a trained model: at 0.5 this random
     * recurrence is chaotic, and any one-ulp difference (DL4J's native kernels included) doubles
     * every few steps (measured: 6.4 after 90 steps). A trained model (the benchmark's, 50,000
     * items) stays within 6e-7 of the reference over 2,000 sessions of 200 steps.
     */
    private static final LstmWeights WEIGHTS = TestWeights.random(300, 17, 128, 21, 0.1);

    @Test
    void shouldRunTheVectorisedPathWhenTheTestJvmHasTheVectorModule() {
        // Surefire starts every fork with --add-modules=jdk.incubator.vector, like the launchers.
        assertThat(LstmKernel.VECTORISED).isTrue();
    }

    @Test
    void shouldStayWithinTheParityToleranceOfTheReferenceStep() {
        assertCloseToReference(new LstmKernel(WEIGHTS), 2_000);
    }

    @Test
    void shouldStayWithinTheParityToleranceWhenTheGateCacheIsFullAndRowsAreComputedPerStep() {
        // Room for 10 rows of 512 floats: the other 290 items take the uncached path.
        LstmKernel kernel = new LstmKernel(WEIGHTS, 10L * 512 * 4);
        assertCloseToReference(kernel, 2_000);
        assertThat(kernel.cachedItems()).isEqualTo(10);
    }

    @Test
    void shouldCacheEachSteppedItemOnceWithinTheBudget() {
        LstmKernel kernel = new LstmKernel(WEIGHTS);
        State s = new State(new float[128], new float[128]);
        for (int item : new int[]{5, 7, 5, 5, 299, 7}) {
            s = kernel.step(s, item);
        }
        assertThat(kernel.cachedItems()).isEqualTo(3);
    }

    @Test
    void shouldRejectAnItemOutsideTheVocabulary() {
        LstmKernel kernel = new LstmKernel(WEIGHTS);
        State s = new State(new float[128], new float[128]);
        assertThatThrownBy(() -> kernel.step(s, 300)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("item index 300 outside vocabulary of 300");
    }

    /**
     * Within 4 ulp of 1.0 (4.8e-7) after every step of sessions up to 97 steps long. The unit is
     * ulp(1), not ulp of each value: states are O(1), and the cell update {@code f·c + i·a} can
     * cancel to a small value whose own ulp says nothing about the rounding of its terms. Per step
     * the vectorised activation is within that of the reference ({@code LstmVectorOpsTest}), and a
     * recurrence at a trained model's scale does not amplify it (measured: 8.2e-8 at worst over
     * 20,000 steps).
     */
    private static void assertCloseToReference(LstmKernel kernel, int steps) {
        Random r = new Random(3);
        State fast = new State(new float[128], new float[128]);
        State reference = fast;
        float worst = 0f;
        for (int t = 0; t < steps; t++) {
            // Restart now and then: zero states exercise the skipped zero terms.
            if (t % 97 == 0) {
                fast = new State(new float[128], new float[128]);
                reference = fast;
            }
            int item = r.nextInt(300);
            fast = kernel.step(fast, item);
            reference = LstmStep.step(WEIGHTS, reference, item);
            worst = Math.max(worst, Math.max(maxAbsDiff(fast.h(), reference.h()), maxAbsDiff(fast.c(), reference.c())));
        }
        assertThat(worst).as("largest |kernel - reference| over %d steps", steps).isLessThanOrEqualTo(4 * Math.ulp(1f));
    }

    private static float maxAbsDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        float worst = 0f;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }
}
