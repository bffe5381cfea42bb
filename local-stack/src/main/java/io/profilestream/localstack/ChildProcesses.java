package io.profilestream.localstack;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

/**
 * Every process the local stack started, stopped in reverse start order (services before the
 * broker, so they can commit) when the stack stops or the JVM exits (Ctrl-C). Only processes
 * started here are ever signalled.
 */
public final class ChildProcesses implements AutoCloseable {

    private static final Duration GRACE = Duration.ofSeconds(20);

    private final Deque<Named> children = new ArrayDeque<>();
    private final Thread hook = new Thread(this::stopAll, "local-stack-shutdown");

    private record Named(String name, Process process) {
    }

    /** Registers the JVM shutdown hook; call once. */
    public ChildProcesses installShutdownHook() {
        Runtime.getRuntime().addShutdownHook(hook);
        return this;
    }

    /** Remembers a started child. */
    public synchronized void add(String name, Process process) {
        children.push(new Named(name, process));
    }

    /** SIGTERM to each child (newest first), SIGKILL to any still alive after the grace period. */
    public synchronized void stopAll() {
        while (!children.isEmpty()) {
            Named child = children.pop();
            if (!child.process().isAlive()) {
                continue;
            }
            child.process().destroy();
            try {
                if (!child.process().waitFor(GRACE.toSeconds(), TimeUnit.SECONDS)) {
                    System.err.println("  " + child.name() + " did not stop in " + GRACE.toSeconds() + " s; killing it");
                    child.process().destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                child.process().destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or has run: nothing left to do.
        }
    }
}
