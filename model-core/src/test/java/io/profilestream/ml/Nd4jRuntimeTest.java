package io.profilestream.ml;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class Nd4jRuntimeTest {

    @Test
    void shouldBoundOpenBlasToOneThreadByDefault() {
        assumeTrue(System.getenv("OMP_NUM_THREADS") == null && System.getProperty("profilestream.ml.threads") == null,
                "a thread count is set for this JVM");
        Nd4jRuntime.configure();

        // ND4J alone sizes OpenBLAS's pool to the core count.
        assertThat(Nd4j.factory().blas().getMaxThreads()).isEqualTo(1);
    }
}
