package io.profilestream.localstack.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The answers of one endpoint, by class. A 4xx counts as {@code problem} when it is
 * {@code application/problem+json} with a non-empty detail (the service's own precise answer),
 * {@code container} when it has no body or an HTML one (Tomcat refusing what HTTP refuses, before
 * any service code runs), else {@code imprecise} (a 4xx without a problem detail: a finding).
 * Tomcat's 505 to an unknown HTTP version and its closing of a connection on a request line it
 * cannot parse also count as {@code container}.
 * Thread-safe.
 */
public final class EndpointTally {

    private static final int SAMPLES = 5;

    private final FuzzEndpoint endpoint;
    private long requests;
    private long ok;
    private long problem;
    private long container;
    private long imprecise;
    private long serverErrors;
    private long connectionErrors;
    private long refusedByClosing;
    private long other;
    private final Map<Integer, Long> byStatus = new TreeMap<>();
    private final List<String> serverErrorSamples = new ArrayList<>();
    private final List<String> connectionSamples = new ArrayList<>();
    private final List<String> impreciseSamples = new ArrayList<>();

    EndpointTally(FuzzEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    synchronized void answer(FuzzRequest request, int status, String contentType, String body) {
        requests++;
        byStatus.merge(status, 1L, Long::sum);
        if (status >= 200 && status < 300) {
            ok++;
        } else if (status >= 400 && status < 500) {
            String type = contentType == null ? "" : contentType.toLowerCase(java.util.Locale.ROOT);
            if (type.startsWith("application/problem+json") && hasDetail(body)) {
                problem++;
            } else if (body == null || body.isBlank() || type.startsWith("text/html")) {
                container++;
            } else {
                imprecise++;
                sample(impreciseSamples, "imprecise " + status + " " + contentType, request, body);
            }
        } else if (status == 505 && request.category() == FuzzCategory.RAW_REQUEST_LINE
                && (body == null || body.isBlank() || String.valueOf(contentType).startsWith("text/html"))) {
            // Tomcat's own answer to a request line with an HTTP version it does not speak: the
            // status HTTP prescribes, given before any service code runs.
            container++;
        } else if (status >= 500) {
            serverErrors++;
            sample(serverErrorSamples, "5xx " + status, request, body);
        } else {
            other++;
        }
    }

    /** The server closed the connection on a request it refused for its size (HTTP's own way to stop an upload). */
    synchronized void closedOnRefusal() {
        requests++;
        refusedByClosing++;
    }

    /**
     * Tomcat closed the connection, or answered without a status line, on a request line HTTP
     * refuses: the container's own refusal, counted with its other answers.
     */
    synchronized void containerClosed() {
        requests++;
        container++;
    }

    synchronized void connectionError(FuzzRequest request, Exception e) {
        requests++;
        connectionErrors++;
        sample(connectionSamples, "connection " + e.getClass().getSimpleName(), request, String.valueOf(e.getMessage()));
    }

    private static void sample(List<String> samples, String what, FuzzRequest request, String body) {
        if (samples.size() < SAMPLES) {
            String shown = body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "..." : body;
            samples.add(what + " [" + request.category() + "] " + request.describe() + " -> " + shown.replace('\n', ' '));
        }
    }

    private static boolean hasDetail(String body) {
        try {
            return !io.profilestream.model.serde.Json.mapper().readTree(body).path("detail").asText("").isBlank();
        } catch (Exception notJson) {
            return false;
        }
    }

    public FuzzEndpoint endpoint() {
        return endpoint;
    }

    public synchronized long requests() {
        return requests;
    }

    public synchronized long ok() {
        return ok;
    }

    /** 4xx answers with a problem+json detail. */
    public synchronized long problem() {
        return problem;
    }

    /** 4xx answers with no or an HTML body (the servlet container's own). */
    public synchronized long container() {
        return container;
    }

    /** 4xx answers that are neither: no precise reason. */
    public synchronized long imprecise() {
        return imprecise;
    }

    public synchronized long serverErrors() {
        return serverErrors;
    }

    public synchronized long connectionErrors() {
        return connectionErrors;
    }

    public synchronized long refusedByClosing() {
        return refusedByClosing;
    }

    /** 1xx and 3xx answers. */
    public synchronized long other() {
        return other;
    }

    /** Count per status code. */
    public synchronized Map<Integer, Long> byStatus() {
        return new TreeMap<>(byStatus);
    }

    /** Up to five examples each of 5xx, connection errors and imprecise 4xx, for the report. */
    public synchronized List<String> samples() {
        List<String> all = new ArrayList<>(serverErrorSamples);
        all.addAll(connectionSamples);
        all.addAll(impreciseSamples);
        return all;
    }
}
