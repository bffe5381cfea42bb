package io.profilestream.localstack.chaos;

import io.profilestream.localstack.chaos.ProfileComparison.Outcome;
import io.profilestream.localstack.chaos.ProfileComparison.UserResult;
import io.profilestream.model.serde.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a chaos run did and found, printed as text and written as JSON.
 *
 * @param settings           the run's settings
 * @param modelVersion       the model both model services served
 * @param durationsSeconds   set-up and phase durations, in order
 * @param referenceSender    what the sender saw in the fault-free phase
 * @param chaosSender        what the sender saw in the phase with faults
 * @param planned            the faults drawn from the seed
 * @param performed          the faults as they happened
 * @param killsPerService    completed kills per module
 * @param unplanned          processes that died without a planned fault
 * @param referenceVsTruth   the reference profiles' event counts against the generated events
 * @param chaosVsReference   the profiles of the phase with faults against the reference profiles
 * @param passed             0 lost, 0 doubled, 0 mismatched, every planned fault completed, nothing unplanned
 * @param failures           why not, when not
 */
public record ChaosReport(ChaosSettings settings, String modelVersion, Map<String, Double> durationsSeconds,
                          ResilientSender.Stats referenceSender, ResilientSender.Stats chaosSender,
                          List<ChaosPlan.Fault> planned, List<FaultInjector.Performed> performed,
                          Map<String, Long> killsPerService, List<String> unplanned, Tally referenceVsTruth,
                          Tally chaosVsReference, boolean passed, List<String> failures) {

    /** Diffs kept in a tally. */
    static final int FIRST_DIFFS = 10;

    /**
     * Users by outcome.
     *
     * @param users         users compared
     * @param identical     same counts, features and LSTM state (within tolerance)
     * @param lost          fewer events
     * @param doubled       more events
     * @param mismatched    same event count, another feature
     * @param withNeural    users whose expected profile has an LSTM state
     * @param maxLstmDiff   largest LSTM component difference seen
     * @param firstDiffs    the first few differences, {@code user: outcome: field diffs}
     */
    public record Tally(int users, int identical, int lost, int doubled, int mismatched, int withNeural, double maxLstmDiff,
                        List<String> firstDiffs) {

        /** The tally of {@code results}. */
        public static Tally of(List<UserResult> results, int withNeural) {
            int[] n = new int[Outcome.values().length];
            double max = 0;
            List<String> first = new ArrayList<>();
            for (UserResult r : results) {
                n[r.outcome().ordinal()]++;
                max = Math.max(max, r.lstmMaxDiff());
                if (r.outcome() != Outcome.IDENTICAL && first.size() < FIRST_DIFFS) {
                    first.add(r.user() + ": " + r.outcome() + " (" + r.expected() + " -> " + r.actual() + " events): "
                            + String.join("; ", r.diffs().subList(0, Math.min(5, r.diffs().size()))));
                }
            }
            return new Tally(results.size(), n[Outcome.IDENTICAL.ordinal()], n[Outcome.LOST.ordinal()],
                    n[Outcome.DOUBLED.ordinal()], n[Outcome.MISMATCH.ordinal()], withNeural, max, List.copyOf(first));
        }

        /** Whether every user is identical. */
        public boolean clean() {
            return identical == users;
        }
    }

    /** Completed kills per module, sorted by module. */
    static Map<String, Long> killsPerService(List<FaultInjector.Performed> performed) {
        Map<String, Long> out = new TreeMap<>();
        performed.stream().filter(p -> p.kind() == ChaosPlan.Kind.KILL && p.error() == null)
                .forEach(p -> out.merge(p.target(), 1L, Long::sum));
        return out;
    }

    /**
     * Why a run with these results fails, empty when it passes.
     */
    static List<String> failures(List<ChaosPlan.Fault> planned, List<FaultInjector.Performed> performed,
                                 List<String> unplanned, Tally referenceVsTruth, Tally chaosVsReference) {
        List<String> out = new ArrayList<>();
        long completed = performed.stream().filter(p -> p.error() == null).count();
        if (completed != planned.size()) {
            out.add(completed + " of " + planned.size() + " planned faults completed");
        }
        if (!unplanned.isEmpty()) {
            out.add(unplanned.size() + " unplanned process deaths");
        }
        if (!referenceVsTruth.clean()) {
            out.add("the fault-free reference differs from the generated events for " + (referenceVsTruth.users()
                    - referenceVsTruth.identical()) + " users");
        }
        if (chaosVsReference.lost() > 0) {
            out.add(chaosVsReference.lost() + " users lost events");
        }
        if (chaosVsReference.doubled() > 0) {
            out.add(chaosVsReference.doubled() + " users have doubled events");
        }
        if (chaosVsReference.mismatched() > 0) {
            out.add(chaosVsReference.mismatched() + " users have another profile");
        }
        return List.copyOf(out);
    }

    /** Writes the JSON report, creating parent directories. */
    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Json.mapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
    }

    /** The human-readable summary. */
    public void print(PrintStream out) {
        ChaosSettings s = settings;
        out.printf(Locale.ROOT, "%nChaos run: %d events of %d users (seed %d), %d kills, %d broker restarts (%s)%n", s.events(),
                chaosVsReference.users(), s.seed(), s.kills(), s.brokerRestarts(), s.brokerStop());
        out.println("Model: " + modelVersion);
        durationsSeconds.forEach((k, v) -> out.printf(Locale.ROOT, "  %-28s %8.1f s%n", k, v));
        out.println("Faults:");
        for (FaultInjector.Performed p : performed) {
            out.printf(Locale.ROOT, "  %2d %-15s %-20s %-7s at %7.1f s / %8d events  down %6d ms  recovered in %7d ms%s%n",
                    p.index(), p.kind(), p.target(), p.how(), p.atSeconds(), p.atEvents(), p.downMs(), p.recoveryMs(),
                    p.error() == null ? "" : "  FAILED: " + p.error());
        }
        out.println("Kills per service: " + killsPerService);
        unplanned.forEach(u -> out.println("UNPLANNED: " + u));
        printSender(out, "reference sender", referenceSender);
        printSender(out, "chaos sender", chaosSender);
        printTally(out, "reference vs generated events", referenceVsTruth);
        printTally(out, "chaos vs reference", chaosVsReference);
        out.printf(Locale.ROOT, "Max LSTM difference: %.3g (tolerance %.0g) over %d users with a neural state%n",
                chaosVsReference.maxLstmDiff(), ProfileComparison.LSTM_TOLERANCE, chaosVsReference.withNeural());
        out.println(passed ? "PASSED: 0 lost, 0 doubled, 0 mismatched; every planned fault happened"
                : "FAILED: " + String.join("; ", failures));
    }

    private static void printSender(PrintStream out, String name, ResilientSender.Stats st) {
        out.printf(Locale.ROOT, "%s: %d accepted, %d rejected, %d requests, %d retries; 503: %d (%d with Retry-After), "
                        + "429: %d (%d with Retry-After), other errors %s, connection errors %d, timeouts %d; %.1f s%n",
                name, st.accepted(), st.rejected(), st.requests(), st.retries(), st.status503(), st.status503RetryAfter(),
                st.status429(), st.status429RetryAfter(), st.otherErrorStatus(), st.connectionErrors(), st.timeouts(),
                st.elapsedSeconds());
    }

    private static void printTally(PrintStream out, String name, Tally t) {
        out.printf(Locale.ROOT, "%s: %d users: %d identical, %d lost, %d doubled, %d mismatched%n", name, t.users(),
                t.identical(), t.lost(), t.doubled(), t.mismatched());
        t.firstDiffs().forEach(d -> out.println("    " + d));
    }
}
