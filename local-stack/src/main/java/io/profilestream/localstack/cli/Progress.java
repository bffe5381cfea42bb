package io.profilestream.localstack.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr, or nothing: commands call it the same way whether a bar is drawn or
 * not ({@link ProgressOptions#bar} decides). Thread-safe: senders report from several threads.
 */
public final class Progress implements AutoCloseable {

    /** Draws nothing. */
    public static final Progress OFF = new Progress(null);

    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /** A bar from 0 to {@code max} {@code unit}s when {@code draw} ({@link ProgressOptions#enabled()}), else {@link #OFF}. */
    public static Progress of(boolean draw, String task, long max, String unit) {
        return draw ? start(task, max, unit) : OFF;
    }

    private static Progress start(String task, long max, String unit) {
        // The plain carriage-return consumer: the library's default one moves the cursor up to
        // redraw, over whatever line was printed below the bar in the meantime.
        return new Progress(new ProgressBarBuilder().setTaskName(task).setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII).setUnit(unit, 1).showSpeed()
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build());
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

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
