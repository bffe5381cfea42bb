package io.profilestream.ingest.web;

import io.profilestream.ingest.admission.OverloadedException;
import io.profilestream.ingest.batch.BatchOutcome;
import io.profilestream.ingest.batch.PublishFailedException;
import io.profilestream.ingest.body.BodyRejectedException;
import io.profilestream.ingest.erasure.InvalidUserIdException;
import io.profilestream.ingest.publish.BrokerCircuitOpenException;
import io.profilestream.ingest.validation.ViolationCode;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds the RFC 9457 problem documents of the ingest API. */
final class Problems {

    /** Every problem type of ProfileStream starts with this; the slug follows. */
    static final String TYPE_PREFIX = "urn:profilestream:problem:";
    /** Extension member holding the request's id, the value of its {@code X-Request-Id} response header. */
    static final String REQUEST_ID = "requestId";

    private Problems() {
    }

    /**
     * One entry's violation in a problem's {@code errors} member.
     *
     * @param index   the entry's position in the request
     * @param field   the field concerned
     * @param code    machine-readable reason
     * @param message human-readable reason
     */
    record EntryError(int index, String field, ViolationCode code, String message) {
    }

    /** A problem of type {@code urn:profilestream:problem:<slug>}. */
    static ProblemDetail of(HttpStatusCode status, String slug, String title, String detail, String instance) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_PREFIX + slug));
        problem.setTitle(title);
        problem.setInstance(URI.create(instance));
        return problem;
    }

    /** The slug of the problem refusing a request whose every entry broke the rules: {@code invalid-events}, {@code invalid-items}. */
    static String invalidEntriesSlug(String noun) {
        return "invalid-" + noun;
    }

    /** The slug of a problem built here, e.g. {@code body-too-large}; the status slug for other types. */
    static String slugOf(ProblemDetail problem) {
        String type = problem.getType() == null ? "" : problem.getType().toString();
        return type.startsWith(TYPE_PREFIX) ? type.substring(TYPE_PREFIX.length())
                : slugOf(HttpStatusCode.valueOf(problem.getStatus()));
    }

    /** The slug for a status that has no more specific problem type, e.g. {@code unsupported-media-type}. */
    static String slugOf(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "http-" + status.value() : known.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static ProblemDetail bodyRejected(BodyRejectedException e, String instance) {
        if (e instanceof BodyRejectedException.TooLarge tooLarge) {
            ProblemDetail p = of(HttpStatus.PAYLOAD_TOO_LARGE, "body-too-large", "Request body too large",
                    e.getMessage(), instance);
            p.setProperty("maxBodyBytes", tooLarge.maxBodyBytes());
            return p;
        }
        if (e instanceof BodyRejectedException.TooManyEntries tooMany) {
            ProblemDetail p = of(HttpStatus.PAYLOAD_TOO_LARGE, "batch-too-large", "Too many entries in one request",
                    e.getMessage(), instance);
            p.setProperty("maxBatchSize", tooMany.maxBatchSize());
            p.setProperty("received", tooMany.received());
            return p;
        }
        if (e instanceof BodyRejectedException.MalformedJson malformed) {
            ProblemDetail p = of(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON", e.getMessage(), instance);
            p.setProperty("line", malformed.line());
            p.setProperty("column", malformed.column());
            return p;
        }
        if (e instanceof BodyRejectedException.NotABatch) {
            return of(HttpStatus.BAD_REQUEST, "invalid-body", "Invalid request body", e.getMessage(), instance);
        }
        if (e instanceof BodyRejectedException.Empty) {
            return of(HttpStatus.BAD_REQUEST, "empty-body", "Empty request body", e.getMessage(), instance);
        }
        return of(HttpStatus.BAD_REQUEST, "unreadable-body", "Unreadable request body", e.getMessage(), instance);
    }

    static ProblemDetail noEntryAccepted(NoEntryAcceptedException e, String instance) {
        String noun = e.noun();
        ProblemDetail p = of(HttpStatus.BAD_REQUEST, invalidEntriesSlug(noun),
                "Invalid " + noun, e.getMessage(), instance);
        p.setProperty("errors", errors(e.outcome()));
        return p;
    }

    static ProblemDetail brokerUnavailable(PublishFailedException e, long retryAfterSeconds, String instance) {
        String detail = e.getCause() instanceof BrokerCircuitOpenException
                ? "Kafka did not answer a recent request in time; until it answers again requests are refused "
                        + "without trying, and none of the " + e.valid() + " valid entries was stored; retry the "
                        + "whole request after " + retryAfterSeconds + " s"
                : "Kafka became unavailable after storing " + e.storedIndices().size() + " of " + e.valid()
                        + " valid entries; retry the whole request after " + retryAfterSeconds
                        + " s (entries stored twice are de-duplicated downstream)";
        ProblemDetail p = of(HttpStatus.SERVICE_UNAVAILABLE, "broker-unavailable", "Event store unavailable",
                detail, instance);
        p.setProperty("storedIndices", e.storedIndices());
        return p;
    }

    static ProblemDetail overloaded(OverloadedException e, long retryAfterSeconds, String instance) {
        ProblemDetail p = of(HttpStatus.TOO_MANY_REQUESTS, "overloaded", "Too much in flight",
                e.getMessage() + "; nothing of this request was read or stored; retry it after "
                        + retryAfterSeconds + " s", instance);
        p.setProperty("maxInFlightBytes", e.maxInFlightBytes());
        return p;
    }

    static ProblemDetail publishFailed(PublishFailedException e, String instance) {
        ProblemDetail p = of(HttpStatus.INTERNAL_SERVER_ERROR, "publish-failed", "Event store refused the request",
                "Kafka refused the request after storing " + e.storedIndices().size() + " of " + e.valid()
                        + " valid entries; the failure has been logged", instance);
        p.setProperty("storedIndices", e.storedIndices());
        return p;
    }

    static ProblemDetail invalidUserId(InvalidUserIdException e, String instance) {
        ProblemDetail p = of(HttpStatus.BAD_REQUEST, "invalid-user-id", "Invalid user id", e.getMessage(), instance);
        p.setProperty("errors", e.violations());
        return p;
    }

    static ProblemDetail erasureNotFound(String instance) {
        return of(HttpStatus.NOT_FOUND, "erasure-not-found", "No erasure requested",
                "no erasure was requested for this user", instance);
    }

    static ProblemDetail erasureBrokerUnavailable(long retryAfterSeconds, String instance) {
        return of(HttpStatus.SERVICE_UNAVAILABLE, "broker-unavailable", "Event store unavailable",
                "Kafka did not confirm the erasure request; retry after " + retryAfterSeconds
                        + " s (repeating an erasure is harmless)", instance);
    }

    static ProblemDetail erasurePublishFailed(String instance) {
        return of(HttpStatus.INTERNAL_SERVER_ERROR, "publish-failed", "Event store refused the request",
                "Kafka refused the erasure request; the failure has been logged", instance);
    }

    static ProblemDetail erasureStatusLoading(long retryAfterSeconds, String instance) {
        return of(HttpStatus.SERVICE_UNAVAILABLE, "erasure-status-unavailable", "Erasure status unavailable",
                "the erasure status is still being read from Kafka; retry after " + retryAfterSeconds + " s", instance);
    }

    static ProblemDetail internalError(String instance) {
        return of(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal server error",
                "an unexpected error occurred; it has been logged", instance);
    }

    private static List<EntryError> errors(BatchOutcome outcome) {
        return outcome.entries().stream()
                .flatMap(o -> o.errors().stream().map(v -> new EntryError(o.index(), v.field(), v.code(), v.message())))
                .toList();
    }
}
