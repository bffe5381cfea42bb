package io.profilestream.cli;

import java.io.Console;
import picocli.CommandLine.Option;

/**
 * {@code --no-progress}, the same on every command that does long work (a picocli mixin). Bars go
 * to stderr and are drawn only when the process runs in a terminal: redirected into a log file or
 * a CI job, a bar's carriage-return redraws would become thousands of lines.
 */
public final class ProgressOptions {

    @Option(names = "--no-progress",
            description = "Never draw a progress bar. Bars are drawn on stderr only in a terminal, never into a pipe or log file.")
    boolean noProgress;

    /** Whether this run draws bars. */
    public boolean enabled() {
        return !noProgress && interactive();
    }

    /** A bar of {@code max} {@code unit}s showing their rate, or {@link Progress#OFF}. */
    public Progress bar(String task, long max, String unit) {
        return bar(task, max, unit, true);
    }

    /** A bar of {@code max} {@code unit}s, with their rate when {@code speed}, or {@link Progress#OFF}. */
    public Progress bar(String task, long max, String unit, boolean speed) {
        return enabled() ? Progress.start(task, max, unit, speed) : Progress.OFF;
    }

    /**
     * Whether stdin and stdout are a terminal and the terminal can move the cursor back. Up to Java
     * 21 {@code System.console()} is null unless they are; from Java 22 a console exists even when
     * redirected, and its {@code isTerminal()} tells.
     */
    static boolean interactive() {
        Console console = System.console();
        if (console == null || "dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException beforeJava22) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
