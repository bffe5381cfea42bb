package io.profilestream.localstack.fuzz;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a fuzz run found, and its report.
 *
 * @param tallies  answers per endpoint
 * @param poison   each poison record and its dead letters
 * @param health   per service: UP or why not, after the run
 * @param valid    valid requests after the run and their status
 * @param elapsed  the run's duration
 */
public record FuzzResult(Map<FuzzEndpoint, EndpointTally> tallies, List<PoisonRecords.Outcome> poison,
                         Map<String, String> health, Map<String, Integer> valid, Duration elapsed) {

    /** The status recorded for a valid request that got no answer (timeout or connection refused). */
    public static final int NO_ANSWER = 0;

    /** Total 5xx answers. */
    public long serverErrors() {
        return tallies.values().stream().mapToLong(EndpointTally::serverErrors).sum();
    }

    /** Connections dropped without an answer on requests not refused for their size. */
    public long connectionErrors() {
        return tallies.values().stream().mapToLong(EndpointTally::connectionErrors).sum();
    }

    /** Poison records whose dead letters are not exactly the expected ones. */
    public List<PoisonRecords.Outcome> poisonMismatches() {
        return poison.stream().filter(o -> !o.matches()).toList();
    }

    /** Services not UP after the run. */
    public List<String> unhealthy() {
        return health.entrySet().stream().filter(e -> !"UP".equals(e.getValue())).map(Map.Entry::getKey).toList();
    }

    /** Valid requests after the run that did not get a 2xx. */
    public List<String> failedValidRequests() {
        return valid.entrySet().stream().filter(e -> e.getValue() < 200 || e.getValue() >= 300).map(Map.Entry::getKey).toList();
    }

    /** Zero 5xx, zero dropped connections, every poison record dead-lettered exactly, all healthy, valid requests served. */
    public boolean passed() {
        return serverErrors() == 0 && connectionErrors() == 0 && poisonMismatches().isEmpty() && unhealthy().isEmpty()
                && failedValidRequests().isEmpty();
    }

    /** Prints the tables. */
    public void print(PrintStream out) {
        out.println();
        out.printf("%-36s %8s %6s %8s %9s %9s %5s %5s %6s  %s%n", "endpoint", "requests", "2xx", "4xx-prob", "4xx-tomcat",
                "4xx-other", "5xx", "conn", "closed", "by status");
        for (EndpointTally t : tallies.values()) {
            out.printf("%-36s %8d %6d %8d %9d %9d %5d %5d %6d  %s%n", t.endpoint().label(), t.requests(), t.ok(),
                    t.problem(), t.container(), t.imprecise(), t.serverErrors(), t.connectionErrors(), t.refusedByClosing(),
                    t.byStatus().entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(" ")));
        }
        out.println("(4xx-prob: problem+json with a detail; 4xx-tomcat: no or HTML body, Tomcat refusing what HTTP refuses;"
                + " 4xx-other: a 4xx without a problem detail; closed: the server closed the connection on a request over"
                + " 1 MB body or 8 KB headers)");
        tallies.values().forEach(t -> t.samples().forEach(s -> out.println("  " + t.endpoint().label() + ": " + s)));
        out.println();
        out.printf("%-36s %8s %10s %10s %s%n", "poison topic", "records", "expected", "dead", "reasons (stage)");
        Map<String, List<PoisonRecords.Outcome>> byTopic = new TreeMap<>(poison.stream()
                .collect(Collectors.groupingBy(o -> o.sent().topic())));
        byTopic.forEach((topic, outcomes) -> out.printf("%-36s %8d %10d %10d %s%s%n", topic, outcomes.size(),
                outcomes.stream().mapToLong(o -> o.expected().size()).sum(),
                outcomes.stream().mapToLong(o -> o.letters().size()).sum(),
                outcomes.stream().flatMap(o -> o.letters().stream()).map(l -> l.reason() + " (" + l.stage() + ")")
                        .collect(Collectors.groupingBy(s -> s, TreeMap::new, Collectors.counting())),
                outcomes.stream().allMatch(PoisonRecords.Outcome::matches) ? "" : "  MISMATCH"));
        poisonMismatches().forEach(o -> out.println("  mismatch: " + o.sent() + " expected " + o.expected() + " got "
                + o.letters().stream().map(l -> l.stage() + "/" + l.reason()).toList()));
        out.println();
        health.forEach((module, state) -> out.printf("health after: %-20s %s%n", module, state));
        valid.forEach((label, status) -> out.printf("valid after:  %-52s %s%n", label,
                status == NO_ANSWER ? "no answer within 10 s" : Integer.toString(status)));
        out.printf(Locale.ROOT, "%nResult: %s (%d x 5xx, %d dropped connections, %d poison mismatches, %d unhealthy,"
                        + " %d failed valid requests) in %.0f s%n", passed() ? "PASS" : "FAIL", serverErrors(),
                connectionErrors(), poisonMismatches().size(), unhealthy().size(), failedValidRequests().size(),
                elapsed.toMillis() / 1e3);
    }
}
