package io.profilestream.localstack;

import java.util.List;

/** JVM options an operator adds to a child process through an environment variable. */
public final class JvmOptions {

    private JvmOptions() {
    }

    /**
     * The words of an environment variable's value, split at any whitespace; none when it is unset
     * or blank. Quoting is not supported: an option with a space in it cannot be passed this way.
     */
    public static List<String> fromEnvironmentValue(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return List.of(value.trim().split("\\s+"));
    }
}
