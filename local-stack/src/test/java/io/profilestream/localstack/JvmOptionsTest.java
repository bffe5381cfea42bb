package io.profilestream.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JvmOptionsTest {

    @Test
    void shouldAddNoOptionsWhenTheVariableIsUnsetOrBlank() {
        assertThat(JvmOptions.fromEnvironmentValue(null)).isEmpty();
        assertThat(JvmOptions.fromEnvironmentValue(" \t ")).isEmpty();
    }

    @Test
    void shouldSplitTheVariableAtAnyWhitespace() {
        assertThat(JvmOptions.fromEnvironmentValue("  -Xlog:gc:file=/tmp/gc-%p.log \t-Xmx2g\n-XX:+AlwaysPreTouch "))
                .containsExactly("-Xlog:gc:file=/tmp/gc-%p.log", "-Xmx2g", "-XX:+AlwaysPreTouch");
    }
}
