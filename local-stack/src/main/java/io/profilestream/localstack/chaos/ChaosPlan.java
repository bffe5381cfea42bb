package io.profilestream.localstack.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The faults of one chaos run, drawn from a seed before the run starts, so a run can be repeated
 * exactly: which process, after how many acknowledged events, and for how long it stays down.
 * Pure: no clock, no processes.
 *
 * <p>Moments are positions in the event stream rather than seconds, so the same seed hits the
 * same point of the replay whatever the machine's speed. They lie between 5 % and 90 % of the
 * events, so there is traffic before and after every fault.
 *
 * @param faults the faults in stream order
 */
public record ChaosPlan(List<Fault> faults) {

    /** Share of the events before the first possible fault. */
    static final double FIRST = 0.05;
    /** Share of the events after which no fault starts. */
    static final double LAST = 0.90;

    /** What a fault does. */
    public enum Kind {
        /** SIGKILL of one service process, then a start on the same port and state directory. */
        KILL,
        /** The broker stopped (see {@link FaultInjector}), then started again on the same data directory. */
        BROKER_RESTART
    }

    /**
     * One fault.
     *
     * @param index   1-based position in the plan
     * @param kind    what happens
     * @param target  module name of the killed service, or {@code kafka}
     * @param atEvent the fault starts once this many events are acknowledged by ingest
     * @param down    how long the process stays down before it is started again
     */
    public record Fault(int index, Kind kind, String target, long atEvent, Duration down) {
    }

    public ChaosPlan {
        faults = List.copyOf(faults);
    }

    /**
     * Draws a plan.
     *
     * @param seed           the only source of randomness
     * @param events         events of the phase
     * @param kills          service kills
     * @param brokerRestarts broker restarts
     * @param services       services that may be killed
     * @param cover          services killed at least once each (a subset of {@code services}); the
     *                       first {@code min(kills, cover.size())} kills go to them in random order,
     *                       the others to any service
     * @param minDown        shortest time down
     * @param maxDown        longest time down
     */
    public static ChaosPlan random(long seed, long events, int kills, int brokerRestarts, List<String> services,
                                   List<String> cover, Duration minDown, Duration maxDown) {
        if (kills < 0 || brokerRestarts < 0) {
            throw new IllegalArgumentException("kills and broker restarts must not be negative");
        }
        if (kills > 0 && services.isEmpty()) {
            throw new IllegalArgumentException("no service to kill");
        }
        if (!services.containsAll(cover)) {
            throw new IllegalArgumentException("cover " + cover + " names a service not in " + services);
        }
        if (maxDown.compareTo(minDown) < 0) {
            throw new IllegalArgumentException("maxDown " + maxDown + " is shorter than minDown " + minDown);
        }
        int total = kills + brokerRestarts;
        if (total > 0 && events * (LAST - FIRST) < total) {
            throw new IllegalArgumentException(events + " events are too few for " + total + " faults");
        }
        Random random = new Random(seed);
        List<Kind> kinds = new ArrayList<>();
        for (int i = 0; i < kills; i++) {
            kinds.add(Kind.KILL);
        }
        for (int i = 0; i < brokerRestarts; i++) {
            kinds.add(Kind.BROKER_RESTART);
        }
        Collections.shuffle(kinds, random);
        List<String> covered = new ArrayList<>(cover);
        Collections.shuffle(covered, random);
        List<Long> moments = distinctMoments(random, events, total);
        long downSpan = maxDown.toMillis() - minDown.toMillis();
        List<Fault> faults = new ArrayList<>();
        int killNo = 0;
        for (int i = 0; i < total; i++) {
            Kind kind = kinds.get(i);
            String target;
            if (kind == Kind.BROKER_RESTART) {
                target = "kafka";
            } else if (killNo < covered.size()) {
                target = covered.get(killNo++);
            } else {
                killNo++;
                target = services.get(random.nextInt(services.size()));
            }
            Duration down = Duration.ofMillis(minDown.toMillis() + (downSpan == 0 ? 0 : (long) (random.nextDouble() * downSpan)));
            faults.add(new Fault(i + 1, kind, target, moments.get(i), down));
        }
        return new ChaosPlan(faults);
    }

    private static List<Long> distinctMoments(Random random, long events, int count) {
        long from = (long) Math.ceil(events * FIRST);
        long span = (long) Math.floor(events * LAST) - from;
        List<Long> moments = new ArrayList<>();
        while (moments.size() < count) {
            long m = from + (long) (random.nextDouble() * span);
            if (!moments.contains(m)) {
                moments.add(m);
            }
        }
        Collections.sort(moments);
        return moments;
    }

    /** Planned kills of {@code target}. */
    public long kills(String target) {
        return faults.stream().filter(f -> f.kind() == Kind.KILL && f.target().equals(target)).count();
    }

    /** Planned faults of {@code kind}. */
    public long count(Kind kind) {
        return faults.stream().filter(f -> f.kind() == kind).count();
    }
}
