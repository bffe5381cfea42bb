package io.profilestream.localstack.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceJvmOptionsTest {

    @Test
    void shouldAddNoOptionsWhenTheVariableIsUnsetOrBlank() {
        assertThat(ServiceProcess.extraJvmOptions(null)).isEmpty();
        assertThat(ServiceProcess.extraJvmOptions(" \t ")).isEmpty();
    }

    @Test
    void shouldSplitTheVariableAtAnyWhitespace() {
        assertThat(ServiceProcess.extraJvmOptions("  -Xlog:gc:file=/tmp/gc-%p.log \t-Xmx2g\n-XX:+AlwaysPreTouch "))
                .containsExactly("-Xlog:gc:file=/tmp/gc-%p.log", "-Xmx2g", "-XX:+AlwaysPreTouch");
    }
}
