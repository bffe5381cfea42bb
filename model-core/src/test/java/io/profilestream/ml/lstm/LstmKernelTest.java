package io.profilestream.ml.lstm;

import io.profilestream.ml.NextItemModel.State;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LstmKernelTest {

    /** Hidden 128 over 17-wide input: gate rows of 512, and an input size that is no lane multiple. */
    private static final LstmWeights WEIGHTS = TestWeights.random(300, 17, 128, 21);

    @Test
    void shouldRunTheVectorisedPathWhenTheTestJvmHasTheVectorModule() {
        // Surefire starts every fork with --add-modules=jdk.incubator.vector, like the launchers.
        assertThat(LstmKernel.VECTORISED).isTrue();
    }

    @Test
    void shouldGiveBitIdenticalStatesToTheReferenceStep() {
        assertSameAsReference(new LstmKernel(WEIGHTS), 2_000);
    }

    @Test
    void shouldGiveBitIdenticalStatesWhenTheGateCacheIsFullAndRowsAreComputedPerStep() {
        // Room for 10 rows of 512 floats: the other 290 items take the uncached path.
        LstmKernel kernel = new LstmKernel(WEIGHTS, 10L * 512 * 4);
        assertSameAsReference(kernel, 2_000);
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

    private static void assertSameAsReference(LstmKernel kernel, int steps) {
        Random r = new Random(3);
        State fast = new State(new float[128], new float[128]);
        State reference = fast;
        for (int t = 0; t < steps; t++) {
            // Restart now and then: zero states exercise the skipped zero terms.
            if (t % 97 == 0) {
                fast = new State(new float[128], new float[128]);
                reference = fast;
            }
            int item = r.nextInt(300);
            fast = kernel.step(fast, item);
            reference = LstmStep.step(WEIGHTS, reference, item);
            assertThat(fast.h()).as("h after step %d", t).containsExactly(reference.h());
            assertThat(fast.c()).as("c after step %d", t).containsExactly(reference.c());
        }
    }
}
