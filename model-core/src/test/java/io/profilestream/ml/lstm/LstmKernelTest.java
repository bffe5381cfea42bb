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
     * Within 1e-6 after every step of sessions up to 97 steps long: the vectorised activation is
     * 1-2 float ulp off the double-precision reference per step ({@code LstmVectorOpsTest}), and
     * the parity with DL4J that serving promises is 1e-5.
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
        assertThat(worst).as("largest |kernel - reference| over %d steps", steps).isLessThanOrEqualTo(1e-6f);
    }

    static float maxAbsDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        float worst = 0f;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }
}
