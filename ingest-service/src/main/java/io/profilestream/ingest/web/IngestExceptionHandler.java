package io.profilestream.ingest.web;

import io.profilestream.ingest.admission.OverloadedException;
import io.profilestream.ingest.batch.PublishFailedException;
import io.profilestream.ingest.body.BodyRejectedException;
import io.profilestream.ingest.config.IngestProperties;
import io.profilestream.ingest.erasure.ErasureNotStoredException;
import io.profilestream.ingest.erasure.ErasureStatusLoadingException;
import io.profilestream.ingest.erasure.InvalidUserIdException;
import io.profilestream.ingest.publish.BrokerCircuitOpenException;
import io.profilestream.model.web.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every failure into an {@code application/problem+json} answer. Spring MVC's own
 * exceptions (415, 405, 404...) keep their status and get a ProfileStream problem type; anything
 * unexpected becomes a 500 without internals, logged here with its stack trace. Every problem
 * carries the request's id ({@code requestId}, as in the {@code X-Request-Id} header) so a caller
 * who kept only the body can still quote it, and the refused entries of ingest requests are
 * counted ({@link IngestMetrics}).
 *
 * <p>Log lines name the problem type, never the request's content or the parser's message about
 * it (which quotes the offending text), nor the path of admin requests (it names the user).
 */
@RestControllerAdvice
public class IngestExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(IngestExceptionHandler.class);

    private final long retryAfterSeconds;
    private final long overloadedRetryAfterSeconds;
    private final IngestMetrics metrics;

    /**
     * @param properties supplies the Retry-After of 503 and 429 answers
     * @param metrics    counts the entries of refused ingest requests
     */
    public IngestExceptionHandler(IngestProperties properties, IngestMetrics metrics) {
        this.retryAfterSeconds = properties.retryAfterSeconds();
        this.overloadedRetryAfterSeconds = properties.overloadedRetryAfterSeconds();
        this.metrics = metrics;
    }

    // Not logged per request: under overload that would add a log line to every refused request;
    // the overloaded counter and the in-flight gauge show it.
    @ExceptionHandler(OverloadedException.class)
    ResponseEntity<ProblemDetail> overloaded(OverloadedException e, HttpServletRequest request) {
        ProblemDetail problem = Problems.overloaded(e, overloadedRetryAfterSeconds, request.getRequestURI());
        // The body was not read, so its entries are unknown: the request counts as one entry.
        metrics.rejected(request, Problems.slugOf(problem), 1);
        return problem(problem, retryAfter(overloadedRetryAfterSeconds));
    }

    @ExceptionHandler(BodyRejectedException.class)
    ResponseEntity<ProblemDetail> bodyRejected(BodyRejectedException e, HttpServletRequest request) {
        ProblemDetail problem = Problems.bodyRejected(e, request.getRequestURI());
        String slug = Problems.slugOf(problem);
        log.debug("{} {} refused: {}", request.getMethod(), request.getRequestURI(), slug);
        // An oversized batch says how many entries it held; other bodies were never split into entries.
        int entries = e instanceof BodyRejectedException.TooManyEntries tooMany ? tooMany.received() : 1;
        metrics.rejected(request, slug, entries);
        return problem(problem, new HttpHeaders());
    }

    @ExceptionHandler(NoEntryAcceptedException.class)
    ResponseEntity<ProblemDetail> noEntryAccepted(NoEntryAcceptedException e, HttpServletRequest request) {
        log.debug("{} {} refused: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
        metrics.outcome(request, e.outcome());
        return problem(Problems.noEntryAccepted(e, request.getRequestURI()), new HttpHeaders());
    }

    @ExceptionHandler(PublishFailedException.class)
    ResponseEntity<ProblemDetail> publishFailed(PublishFailedException e, HttpServletRequest request) {
        ProblemDetail problem;
        HttpHeaders headers;
        if (e.retriable()) {
            // The short-circuit refuses every request during an outage: the timeout that opened it
            // was logged, one line per refused request would flood the log.
            if (e.getCause() instanceof BrokerCircuitOpenException) {
                log.debug("{} {}: answering 503, Kafka short-circuited", request.getMethod(), request.getRequestURI());
            } else {
                log.warn("{} {}: {}, answering 503: {}", request.getMethod(), request.getRequestURI(), e.getMessage(),
                        String.valueOf(e.getCause()));
            }
            problem = Problems.brokerUnavailable(e, retryAfterSeconds, request.getRequestURI());
            headers = retryAfter(retryAfterSeconds);
        } else {
            log.error("{} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage(), e.getCause());
            problem = Problems.publishFailed(e, request.getRequestURI());
            headers = new HttpHeaders();
        }
        metrics.publishFailed(request, Problems.slugOf(problem), e.valid(), e.invalid());
        return problem(problem, headers);
    }

    @ExceptionHandler(InvalidUserIdException.class)
    ResponseEntity<ProblemDetail> invalidUserId(InvalidUserIdException e, HttpServletRequest request) {
        return problem(Problems.invalidUserId(e, request.getRequestURI()), new HttpHeaders());
    }

    @ExceptionHandler(UserErasureController.ErasureNotFoundException.class)
    ResponseEntity<ProblemDetail> erasureNotFound(HttpServletRequest request) {
        return problem(Problems.erasureNotFound(request.getRequestURI()), new HttpHeaders());
    }

    // The paths of erasure requests name the user: they are not logged.
    @ExceptionHandler(ErasureNotStoredException.class)
    ResponseEntity<ProblemDetail> erasureNotStored(ErasureNotStoredException e, HttpServletRequest request) {
        if (e.retriable()) {
            log.warn("{} erasure: {}, answering 503: {}", request.getMethod(), e.getMessage(), String.valueOf(e.getCause()));
            return problem(Problems.erasureBrokerUnavailable(retryAfterSeconds, request.getRequestURI()), retryAfter(retryAfterSeconds));
        }
        log.error("{} erasure: {}", request.getMethod(), e.getMessage(), e.getCause());
        return problem(Problems.erasurePublishFailed(request.getRequestURI()), new HttpHeaders());
    }

    @ExceptionHandler(ErasureStatusLoadingException.class)
    ResponseEntity<ProblemDetail> erasureStatusLoading(HttpServletRequest request) {
        return problem(Problems.erasureStatusLoading(retryAfterSeconds, request.getRequestURI()), retryAfter(retryAfterSeconds));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        log.error("unhandled error on {} {}", request.getMethod(), loggablePath(request), e);
        ProblemDetail problem = Problems.internalError(request.getRequestURI());
        metrics.rejected(request, Problems.slugOf(problem), 1);
        return problem(problem, new HttpHeaders());
    }

    /** Gives Spring MVC's own problems (415, 405...) a ProfileStream type and the request path. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        // Spring builds the ProblemDetail of its own exceptions inside super, so decorate the result.
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem
                && request instanceof ServletWebRequest servlet) {
            if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
                problem.setType(URI.create(Problems.TYPE_PREFIX + Problems.slugOf(statusCode)));
            }
            problem.setInstance(URI.create(servlet.getRequest().getRequestURI()));
            withRequestId(problem);
            // Spring refused the request before a controller saw it (wrong Content-Type...).
            metrics.rejected(servlet.getRequest(), Problems.slugOf(problem), 1);
        }
        return response;
    }

    /** The request path, except under the admin paths, whose ids are personal data. */
    private static String loggablePath(HttpServletRequest request) {
        String path = request.getRequestURI();
        return path.startsWith("/v1/users/") ? "/v1/users/..." : path;
    }

    private static HttpHeaders retryAfter(long seconds) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        return headers;
    }

    private static ResponseEntity<ProblemDetail> problem(ProblemDetail problem, HttpHeaders headers) {
        return ResponseEntity.status(problem.getStatus())
                .headers(headers)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(withRequestId(problem));
    }

    /** Adds the id {@link RequestIdFilter} gave the request, when it ran (it does in the application). */
    private static ProblemDetail withRequestId(ProblemDetail problem) {
        String requestId = MDC.get(RequestIdFilter.MDC_KEY);
        if (requestId != null) {
            problem.setProperty(Problems.REQUEST_ID, requestId);
        }
        return problem;
    }
}
