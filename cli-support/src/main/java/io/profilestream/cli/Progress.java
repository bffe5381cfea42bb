package io.profilestream.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr, or nothing: commands call it the same way whether a bar is drawn or
 * not ({@link ProgressOptions#bar} decides). Closing it prints the final state on its own line.
 */
public final class Progress implements AutoCloseable {

    /** Draws nothing. */
    public static final Progress OFF = new Progress(null);

    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /** A bar from 0 to {@code max} {@code unit}s with their rate when {@code draw}, else {@link #OFF}. */
    public static Progress of(boolean draw, String task, long max, String unit) {
        return draw ? start(task, max, unit, true) : OFF;
    }

    /** A bar from 0 to {@code max} {@code unit}s, with the rate when {@code speed}. */
    static Progress start(String task, long max, String unit, boolean speed) {
        ProgressBarBuilder builder = builder(task).setInitialMax(max).setUnit(unit, 1);
        return new Progress((speed ? builder.showSpeed() : builder).build());
    }

    /**
     * The plain carriage-return consumer, not the library's default cursor-moving one: that one
     * redraws the line above the cursor, which is the last line {@link #println} printed.
     */
    private static ProgressBarBuilder builder(String task) {
        return new ProgressBarBuilder().setTaskName(task).setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(System.err));
    }

    /** Whether a bar is drawn. */
    public boolean active() {
        return bar != null;
    }

    /** Advances by {@code n}. */
    public void step(long n) {
        if (bar != null) {
            bar.stepBy(n);
        }
    }

    /** Sets the position to {@code n}. */
    public void stepTo(long n) {
        if (bar != null) {
            bar.stepTo(n);
        }
    }

    /** Changes the end (e.g. when early stopping ends training sooner). */
    public void max(long max) {
        if (bar != null) {
            bar.maxHint(max);
        }
    }

    /** Text shown after the bar. */
    public void message(String text) {
        if (bar != null) {
            bar.setExtraMessage(" " + text);
        }
    }

    /**
     * Prints a line on {@code out} without mixing it into the bar: the bar's line is cleared first
     * and redrawn below. Without a bar, just prints.
     */
    public void println(PrintWriter out, String line) {
        if (bar != null) {
            // Bars are drawn only when the output is a terminal, so the escape sequence reaches one.
            System.err.print("\r\033[2K");
            System.err.flush();
        }
        out.println(line);
        out.flush();
        if (bar != null) {
            bar.refresh();
        }
    }

    /**
     * {@code in} counting its bytes on a bar named {@code task}, or {@code in} itself when bars are
     * off; the bar ends when the stream is closed.
     */
    public static InputStream wrap(InputStream in, String task, long size, boolean enabled) {
        if (!enabled) {
            return in;
        }
        return ProgressBar.wrap(in, builder(task).setUnit(" MB", 1 << 20).setInitialMax(size).showSpeed());
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
