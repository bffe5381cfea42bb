package io.profilestream.ml;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;

class Nd4jRuntimeTest {

    @Test
    void shouldBoundOpenBlasToTheConfiguredThreadCount() {
        Nd4jRuntime.configure();

        // Without profilestream.ml.threads or OMP_NUM_THREADS, 1; ND4J alone would use every core.
        assertThat(Nd4j.factory().blas().getMaxThreads()).isEqualTo(Nd4jRuntime.threads());
    }
}
