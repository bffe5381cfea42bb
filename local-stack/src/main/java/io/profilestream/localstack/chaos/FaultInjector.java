package io.profilestream.localstack.chaos;

import io.profilestream.localstack.fleet.Fleet;
import io.profilestream.localstack.fleet.ServiceProcess;
import io.profilestream.localstack.fleet.ServiceSpec;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Carries out a {@link ChaosPlan} on a running fleet, one fault after the other, on its own
 * thread, while the sender replays events. A fault starts once the sender has had the planned
 * number of events acknowledged; the sender is held at that point until the fault started (and
 * so also while the previous fault recovers), which puts every fault inside the stream.
 *
 * <p>A killed service is started again with the same command line, port and state directory, so
 * it recovers from its RocksDB stores and changelogs; the broker restarts on its data directory.
 * After every fault every other process must still be alive: a process that died on its own is
 * recorded as unplanned (and started again so the run can finish); the run fails on it.
 */
public final class FaultInjector implements ResilientSender.Gate {

    /** How long a restarted process may take to become ready (a busy 2-core machine needs minutes). */
    static final Duration HEALTHY_TIMEOUT = Duration.ofSeconds(300);

    /** How the broker is stopped for a restart. */
    public enum BrokerStop {
        /** SIGKILL: no controlled shutdown, the logs are recovered at start. */
        KILL,
        /** SIGTERM: controlled shutdown. */
        GRACEFUL
    }

    /**
     * A fault as it happened.
     *
     * @param index        the plan's index
     * @param kind         what happened
     * @param target       module name, or {@code kafka}
     * @param how          {@code SIGKILL} or {@code SIGTERM}
     * @param atSeconds    seconds into the phase when the process was stopped
     * @param atEvents     events acknowledged by ingest at that moment
     * @param downMs       from stopped to started again
     * @param recoveryMs   from started again to every service UP
     * @param error        why the fault could not be completed, or null
     */
    public record Performed(int index, ChaosPlan.Kind kind, String target, String how, double atSeconds, long atEvents,
                            long downMs, long recoveryMs, String error) {
    }

    private final Fleet fleet;
    private final Path home;
    private final ChaosPlan plan;
    private final BrokerStop brokerStop;
    private final PrintStream out;
    private final List<Performed> performed = Collections.synchronizedList(new ArrayList<>());
    private final List<String> unplanned = Collections.synchronizedList(new ArrayList<>());
    private final Object lock = new Object();
    private long holdAt;
    private Thread thread;
    private long phaseStart;

    /**
     * @param home repository root (the broker runs from local-stack/target/lib)
     */
    public FaultInjector(Fleet fleet, Path home, ChaosPlan plan, BrokerStop brokerStop, PrintStream out) {
        this.fleet = fleet;
        this.home = home;
        this.plan = plan;
        this.brokerStop = brokerStop;
        this.out = out;
        this.holdAt = plan.faults().isEmpty() ? Long.MAX_VALUE : plan.faults().get(0).atEvent();
    }

    @Override
    public void await(LongSupplier acknowledged) throws InterruptedException {
        synchronized (lock) {
            while (acknowledged.getAsLong() >= holdAt) {
                lock.wait(20);
            }
        }
    }

    /** Starts the fault thread; {@code acknowledged} is the sender's progress. */
    public void start(LongSupplier acknowledged) {
        phaseStart = System.nanoTime();
        thread = new Thread(() -> run(acknowledged), "chaos-faults");
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits until every fault was carried out (or failed) and returns what happened. */
    public List<Performed> awaitDone(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
        if (thread.isAlive()) {
            thread.interrupt();
            thread.join(10_000);
        }
        return List.copyOf(performed);
    }

    /** Processes that died without a planned fault, and what was done. */
    public List<String> unplanned() {
        return List.copyOf(unplanned);
    }

    private void run(LongSupplier acknowledged) {
        List<ChaosPlan.Fault> faults = plan.faults();
        try {
            for (int i = 0; i < faults.size(); i++) {
                ChaosPlan.Fault fault = faults.get(i);
                while (acknowledged.getAsLong() < fault.atEvent()) {
                    Thread.sleep(5);
                }
                long next = i + 1 < faults.size() ? faults.get(i + 1).atEvent() : Long.MAX_VALUE;
                performed.add(perform(fault, acknowledged, next));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            release(Long.MAX_VALUE);
        }
    }

    private Performed perform(ChaosPlan.Fault fault, LongSupplier acknowledged, long next) throws InterruptedException {
        double at = seconds(phaseStart);
        long atEvents = acknowledged.getAsLong();
        boolean broker = fault.kind() == ChaosPlan.Kind.BROKER_RESTART;
        String how = broker && brokerStop == BrokerStop.GRACEFUL ? "SIGTERM" : "SIGKILL";
        long stopped = 0;
        long restarted = 0;
        try {
            if (broker) {
                if (brokerStop == BrokerStop.KILL) {
                    fleet.broker().kill();
                } else {
                    fleet.broker().stop();
                }
            } else {
                fleet.service(fault.target()).kill();
            }
            stopped = System.nanoTime();
            release(next);
            out.printf(Locale.ROOT, "  fault %d: %s %s at %.1f s, %d events acknowledged; down for %d ms%n", fault.index(), how,
                    fault.target(), at, atEvents, fault.down().toMillis());
            Thread.sleep(fault.down().toMillis());
            restarted = System.nanoTime();
            if (broker) {
                fleet.broker().start(Fleet.launcherClasspath(home), fleet.children(), HEALTHY_TIMEOUT);
            } else {
                fleet.service(fault.target()).start(fleet.children());
            }
            awaitFleetHealthy(fault);
            long recovery = (System.nanoTime() - restarted) / 1_000_000;
            out.printf(Locale.ROOT, "  fault %d: %s back, every service UP %d ms after the restart%n", fault.index(),
                    fault.target(), recovery);
            return new Performed(fault.index(), fault.kind(), fault.target(), how, at, atEvents,
                    (restarted - stopped) / 1_000_000, recovery, null);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            release(next);
            out.printf("  fault %d (%s %s) failed: %s%n", fault.index(), how, fault.target(), e.getMessage());
            return new Performed(fault.index(), fault.kind(), fault.target(), how, at, atEvents,
                    stopped == 0 || restarted == 0 ? -1 : (restarted - stopped) / 1_000_000, -1, String.valueOf(e.getMessage()));
        }
    }

    /** Every service UP; one that died although it was not the fault's target is started again and recorded. */
    private void awaitFleetHealthy(ChaosPlan.Fault fault) throws Exception {
        for (ServiceSpec spec : ServiceSpec.FLEET) {
            ServiceProcess service = fleet.service(spec.module());
            if (!service.isAlive()) {
                String note = String.format(Locale.ROOT, "%s was found dead after fault %d (%s %s) at %.1f s; started again",
                        spec.module(), fault.index(), fault.kind(), fault.target(), seconds(phaseStart));
                unplanned.add(note);
                out.println("  UNPLANNED: " + note + " (see " + service.logFile() + ")");
                service.start(fleet.children());
            }
        }
        for (ServiceSpec spec : ServiceSpec.FLEET) {
            fleet.service(spec.module()).awaitHealthy(HEALTHY_TIMEOUT);
        }
    }

    /** Checks at the end of a phase that no process died on its own. */
    public void checkAlive(String when) throws Exception {
        for (ServiceSpec spec : ServiceSpec.FLEET) {
            ServiceProcess service = fleet.service(spec.module());
            if (!service.isAlive()) {
                String note = spec.module() + " was found dead " + when + "; started again";
                unplanned.add(note);
                out.println("  UNPLANNED: " + note + " (see " + service.logFile() + ")");
                service.start(fleet.children());
                service.awaitHealthy(HEALTHY_TIMEOUT);
            }
        }
        if (!fleet.broker().isAlive()) {
            unplanned.add("the broker was found dead " + when);
        }
    }

    private void release(long nextHold) {
        synchronized (lock) {
            holdAt = nextHold;
            lock.notifyAll();
        }
    }

    private static double seconds(long fromNanos) {
        return (System.nanoTime() - fromNanos) / 1e9;
    }
}
