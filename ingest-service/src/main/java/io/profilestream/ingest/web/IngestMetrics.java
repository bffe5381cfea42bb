package io.profilestream.ingest.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.profilestream.ingest.admission.InFlightBytes;
import io.profilestream.ingest.batch.BatchOutcome;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Counts the entries of every ingest request by outcome, so an operator sees how many events a
 * shop sends and why the refused ones were refused without reading logs.
 *
 * <p>Counters {@value #EVENTS} ({@code POST /v1/events}) and {@value #ITEMS}
 * ({@code POST /v1/items}), tags {@value #OUTCOME} = {@value #ACCEPTED} | {@value #REJECTED} and
 * {@value #REASON} = the slug of the problem type that refuses them (e.g. {@code invalid-events},
 * {@code body-too-large}, {@code broker-unavailable}, {@code overloaded}) or {@value #NO_REASON}. Entries are counted,
 * not requests: a batch of 3 valid events and 1 invalid one adds 3 accepted and 1 rejected. An
 * entry rejected in a batch that is accepted otherwise counts under the slug the request would
 * have got had every entry been like it ({@code invalid-events}). When a request is refused before
 * its entries could be counted (body too large, malformed JSON, wrong Content-Type...) it counts
 * as one rejected entry; an oversized batch counts the entries it holds.
 *
 * <p>Each request is counted once: the first call for a request wins, later ones (an unexpected
 * error after the events were already counted) are ignored.
 */
public final class IngestMetrics {

    /** Counter of the entries of {@code POST /v1/events}. */
    public static final String EVENTS = "profilestream.ingest.events";
    /**
     * Gauge of the request-body bytes admitted and not yet settled by Kafka
     * ({@link io.profilestream.ingest.admission.InFlightBytes}); requests beyond
     * {@code profilestream.ingest.max-in-flight-bytes} are refused with 429 overloaded.
     */
    public static final String INFLIGHT_BYTES = "profilestream.ingest.inflight.bytes";
    /** Gauge of {@code profilestream.ingest.max-in-flight-bytes}, to plot {@value #INFLIGHT_BYTES} against. */
    public static final String INFLIGHT_MAX_BYTES = "profilestream.ingest.inflight.max.bytes";
    /** Counter of the entries of {@code POST /v1/items}. */
    public static final String ITEMS = "profilestream.ingest.items";
    /** Tag: {@value #ACCEPTED} or {@value #REJECTED}. */
    public static final String OUTCOME = "outcome";
    /** Tag: the problem slug of a rejection, or {@value #NO_REASON}. */
    public static final String REASON = "reason";
    /** Outcome of entries the broker stored. */
    public static final String ACCEPTED = "accepted";
    /** Outcome of entries that were not stored (or the client was told to send again). */
    public static final String REJECTED = "rejected";
    /** Reason of accepted entries. */
    public static final String NO_REASON = "none";

    private static final String COUNTED = IngestMetrics.class.getName() + ".counted";

    /** The ingest endpoints whose entries are counted, with the noun their problem slugs use. */
    enum Endpoint {
        EVENTS_ENDPOINT("/v1/events", IngestMetrics.EVENTS, "events"),
        ITEMS_ENDPOINT("/v1/items", IngestMetrics.ITEMS, "items");

        private final String path;
        private final String metric;
        private final String noun;

        Endpoint(String path, String metric, String noun) {
            this.path = path;
            this.metric = metric;
            this.noun = noun;
        }

        /** The endpoint a POST request went to, or null for any other request. */
        static Endpoint of(HttpServletRequest request) {
            if (!"POST".equals(request.getMethod())) {
                return null;
            }
            String path = request.getRequestURI();
            for (Endpoint endpoint : values()) {
                if (endpoint.path.equals(path)) {
                    return endpoint;
                }
            }
            return null;
        }
    }

    private final MeterRegistry registry;

    /** @param registry where the counters live; the accepted counters are registered at once, so they read 0 rather than nothing */
    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Endpoint endpoint : Endpoint.values()) {
            counter(endpoint, ACCEPTED, NO_REASON);
        }
    }

    /** Registers the gauges of the in-flight bound. */
    public void gaugeInFlight(InFlightBytes inFlight) {
        Gauge.builder(INFLIGHT_BYTES, inFlight, InFlightBytes::bytes)
                .description("Request-body bytes admitted and not yet acknowledged or failed by Kafka")
                .baseUnit("bytes")
                .register(registry);
        Gauge.builder(INFLIGHT_MAX_BYTES, inFlight, InFlightBytes::maxBytes)
                .description("The bound on admitted request-body bytes; beyond it requests get 429")
                .baseUnit("bytes")
                .register(registry);
    }

    /** Counts the entries of a request that was answered 202: accepted ones and those refused by validation. */
    void outcome(HttpServletRequest request, BatchOutcome outcome) {
        Endpoint endpoint = firstCountOf(request);
        if (endpoint != null) {
            increment(endpoint, ACCEPTED, NO_REASON, outcome.accepted());
            increment(endpoint, REJECTED, Problems.invalidEntriesSlug(endpoint.noun), outcome.rejected());
        }
    }

    /**
     * Counts the entries of a request whose valid entries were not all stored: the valid ones are
     * rejected with the problem's {@code slug} (the client must send them again), the invalid ones
     * as in {@link #outcome}.
     */
    void publishFailed(HttpServletRequest request, String slug, int valid, int invalid) {
        Endpoint endpoint = firstCountOf(request);
        if (endpoint != null) {
            increment(endpoint, REJECTED, slug, valid);
            increment(endpoint, REJECTED, Problems.invalidEntriesSlug(endpoint.noun), invalid);
        }
    }

    /** Counts {@code entries} rejected entries of a request refused as a whole with the problem {@code slug}. */
    void rejected(HttpServletRequest request, String slug, int entries) {
        Endpoint endpoint = firstCountOf(request);
        if (endpoint != null) {
            increment(endpoint, REJECTED, slug, entries);
        }
    }

    /** The endpoint of a request not counted yet, marking it counted; null if it is not to be counted. */
    private static Endpoint firstCountOf(HttpServletRequest request) {
        Endpoint endpoint = Endpoint.of(request);
        if (endpoint == null || request.getAttribute(COUNTED) != null) {
            return null;
        }
        request.setAttribute(COUNTED, Boolean.TRUE);
        return endpoint;
    }

    private void increment(Endpoint endpoint, String outcome, String reason, int entries) {
        if (entries > 0) {
            counter(endpoint, outcome, reason).increment(entries);
        }
    }

    private Counter counter(Endpoint endpoint, String outcome, String reason) {
        return Counter.builder(endpoint.metric)
                .description("Entries of ingest requests, by outcome and the problem slug that refused them")
                .tag(OUTCOME, outcome)
                .tag(REASON, reason)
                .register(registry);
    }
}
