package io.profilestream.localstack.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.profilestream.model.serde.Json;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How the measured requests of an open-loop run ended, each counted once: per HTTP status ("202",
 * "429", "503", ...), per failure ("timeout", "failed: ConnectException") or as unfinished, so
 * overload answers are reported rather than hidden in an error total. For ingest it also adds up the {@code accepted}
 * and {@code rejected} counts of the 2xx answers: only those events were sustained. Thread-safe.
 */
final class Outcomes {

    /** Outcome key of a request that got no answer within its timeout. */
    static final String TIMEOUT = "timeout";
    /** Outcome key of a request still open when the run stopped waiting for stragglers. */
    static final String UNFINISHED = "no answer by the end";

    private final boolean countEvents;
    private final Map<String, LongAdder> byOutcome = new ConcurrentHashMap<>();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder rejected = new LongAdder();

    /** @param countEvents whether 2xx bodies are ingest answers whose accepted/rejected counts to add */
    Outcomes(boolean countEvents) {
        this.countEvents = countEvents;
    }

    /**
     * The counts so far.
     *
     * @param byOutcome      requests per status code or failure kind, sorted by key
     * @param eventsAccepted sum of {@code accepted} over the 2xx ingest answers (0 for reads)
     * @param eventsRejected sum of {@code rejected} over the 2xx ingest answers (0 for reads)
     */
    record Counts(Map<String, Long> byOutcome, long eventsAccepted, long eventsRejected) {

        Counts {
            byOutcome = java.util.Collections.unmodifiableMap(new TreeMap<>(byOutcome));
        }

        /** These counts plus {@code requests} minus all counted outcomes as {@link #UNFINISHED}, when above 0. */
        Counts withUnfinished(long requests) {
            long open = requests - byOutcome.values().stream().mapToLong(Long::longValue).sum();
            if (open <= 0) {
                return this;
            }
            Map<String, Long> all = new TreeMap<>(byOutcome);
            all.put(UNFINISHED, open);
            return new Counts(all, eventsAccepted, eventsRejected);
        }
    }

    /** Counts one answer, or one failure when {@code failure} is not null. */
    void record(HttpResponse<byte[]> response, Throwable failure) {
        if (failure != null) {
            count(failureKey(failure));
            return;
        }
        String status = Integer.toString(response.statusCode());
        if (countEvents && response.statusCode() / 100 == 2) {
            try {
                JsonNode body = Json.mapper().readTree(response.body());
                accepted.add(body.path("accepted").asLong());
                rejected.add(body.path("rejected").asLong());
            } catch (IOException e) {
                status += " (unreadable body)";
            }
        }
        count(status);
    }

    Counts counts() {
        Map<String, Long> snapshot = new TreeMap<>();
        byOutcome.forEach((k, n) -> snapshot.put(k, n.sum()));
        return new Counts(snapshot, accepted.sum(), rejected.sum());
    }

    /** "timeout" for a request timeout, else "failed: " and the cause's class. */
    static String failureKey(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof HttpTimeoutException ? TIMEOUT : "failed: " + cause.getClass().getSimpleName();
    }

    private void count(String key) {
        byOutcome.computeIfAbsent(key, k -> new LongAdder()).increment();
    }
}
