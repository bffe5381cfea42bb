package io.profilestream.localstack.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceJvmOptionsTest {

    @Test
    void shouldPutTheOperatorsOptionsAfterTheDefaultsSoThatTheyWin() {
        assertThat(ServiceProcess.jvmOptions("1g", Path.of("/data/tmp"), List.of("-Xmx2g", "-Djava.io.tmpdir=/fast")))
                .containsExactly("-Xmx1g", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError", "--add-modules=jdk.incubator.vector",
                        "-Djava.io.tmpdir=/data/tmp", "-Xmx2g", "-Djava.io.tmpdir=/fast");
    }
}
