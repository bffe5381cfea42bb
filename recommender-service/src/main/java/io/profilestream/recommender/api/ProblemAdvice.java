package io.profilestream.recommender.api;

import io.profilestream.model.dp.PrivacyBudgetExhaustedException;
import io.profilestream.recommender.demand.DemandNotFoundException;
import io.profilestream.recommender.segment.SegmentsNotConfiguredException;
import io.profilestream.recommender.segment.SegmentsNotLoadedException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.lang.NonNull;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every failure into RFC 9457 {@code application/problem+json} with a
 * {@code urn:profilestream:problem:<slug>} type, never a stack trace. Spring MVC's own errors
 * (unknown path, wrong method) keep the problem details the base class gives them.
 */
@RestControllerAdvice
public class ProblemAdvice extends ResponseEntityExceptionHandler {

    /** Problem type prefix shared by all ProfileStream services. */
    public static final String TYPE_PREFIX = "urn:profilestream:problem:";

    private static final Logger LOG = LoggerFactory.getLogger(ProblemAdvice.class);

    /** A parameter outside its range, e.g. {@code k=0}. */
    @ExceptionHandler(ParameterOutOfRangeException.class)
    public ResponseEntity<ProblemDetail> outOfRange(ParameterOutOfRangeException e, HttpServletRequest request) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid request parameter",
                e.getMessage(), request.getRequestURI());
        problem.setProperty("parameter", e.parameter());
        problem.setProperty("min", e.min());
        problem.setProperty("max", e.max());
        return respond(problem, new HttpHeaders());
    }

    /** The state the answer needs is not queryable right now; clients retry shortly. */
    @ExceptionHandler(StoreUnavailableException.class)
    public ResponseEntity<ProblemDetail> unavailable(StoreUnavailableException e, HttpServletRequest request) {
        ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "store-unavailable",
                "State store not available", e.getMessage(), request.getRequestURI());
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, "1");
        return respond(problem, headers);
    }

    /** No catalogue entry for the item. */
    @ExceptionHandler(ItemNotFoundException.class)
    public ResponseEntity<ProblemDetail> itemNotFound(ItemNotFoundException e, HttpServletRequest request) {
        ProblemDetail problem = problem(HttpStatus.NOT_FOUND, "item-not-found", "Item not found", e.getMessage(),
                request.getRequestURI());
        problem.setProperty("itemId", e.itemId());
        return respond(problem, new HttpHeaders());
    }

    /** No demand stored for a category or item in the history an answer shows. */
    @ExceptionHandler(DemandNotFoundException.class)
    public ResponseEntity<ProblemDetail> demandNotFound(DemandNotFoundException e, HttpServletRequest request) {
        ProblemDetail problem = problem(HttpStatus.NOT_FOUND, "demand-not-found", "No demand recorded", e.getMessage(),
                request.getRequestURI());
        problem.setProperty("kind", e.kind().wireName());
        problem.setProperty("id", e.id());
        problem.setProperty("historyDays", e.historyDays());
        return respond(problem, new HttpHeaders());
    }

    /** {@code GET /v1/segments} without a segment model. */
    @ExceptionHandler(SegmentsNotConfiguredException.class)
    public ResponseEntity<ProblemDetail> segmentsNotConfigured(SegmentsNotConfiguredException e,
                                                               HttpServletRequest request) {
        return respond(problem(HttpStatus.NOT_FOUND, "segments-not-configured", "No segment model", e.getMessage(),
                request.getRequestURI()), new HttpHeaders());
    }

    /** {@code GET /v1/segments} while the models directory followed has no usable version yet. */
    @ExceptionHandler(SegmentsNotLoadedException.class)
    public ResponseEntity<ProblemDetail> segmentsNotLoaded(SegmentsNotLoadedException e, HttpServletRequest request) {
        return respond(problem(HttpStatus.NOT_FOUND, "segments-not-loaded", "No segment model loaded yet", e.getMessage(),
                request.getRequestURI()), new HttpHeaders());
    }

    /** A differentially private release does not fit in what is left of the privacy budget. */
    @ExceptionHandler(PrivacyBudgetExhaustedException.class)
    public ResponseEntity<ProblemDetail> budgetExhausted(PrivacyBudgetExhaustedException e, HttpServletRequest request) {
        ProblemDetail problem = problem(HttpStatus.TOO_MANY_REQUESTS, PrivacyBudgetExhaustedException.PROBLEM_SLUG,
                "Privacy budget exhausted", e.getMessage(), request.getRequestURI());
        problem.setProperty("budget", e.budget());
        problem.setProperty("spent", e.spent());
        problem.setProperty("requested", e.requested());
        problem.setProperty("resetsAt", e.resetsAt().toString());
        HttpHeaders headers = new HttpHeaders();
        // Whole seconds until the budget is full again, at least 1.
        long seconds = java.time.Duration.between(java.time.Instant.now(), e.resetsAt()).toSeconds() + 1;
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, seconds)));
        return respond(problem, headers);
    }

    /** Anything unexpected: logged here with its stack trace, answered without it. */
    @ExceptionHandler(Exception.class)
    public ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        // The route pattern, not the URI: the URI holds the shop's raw user id, which must not be logged.
        LOG.error("Unexpected error serving {} {}", request.getMethod(),
                request.getAttribute(org.springframework.web.servlet.HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE), e);
        ProblemDetail problem = problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                "the request could not be completed; the error was logged", request.getRequestURI());
        return respond(problem, new HttpHeaders());
    }

    /** A parameter or header that does not parse, e.g. {@code k=abc}. */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(@NonNull TypeMismatchException e, @NonNull HttpHeaders headers,
                                                        @NonNull HttpStatusCode status, @NonNull WebRequest request) {
        String name = e instanceof MethodArgumentTypeMismatchException m ? m.getName() : e.getPropertyName();
        String required = e.getRequiredType() == null ? "a valid value" : article(e.getRequiredType().getSimpleName());
        String path = request instanceof ServletWebRequest servlet ? servlet.getRequest().getRequestURI() : null;
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid request parameter",
                name + " must be " + required + ", got '" + e.getValue() + "'", path);
        problem.setProperty("parameter", name);
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static String article(String typeName) {
        return switch (typeName) {
            case "Integer", "int", "Long", "long" -> "an integer";
            case "Boolean", "boolean" -> "true or false";
            default -> "a valid " + typeName;
        };
    }

    private static ProblemDetail problem(HttpStatus status, String slug, String title, String detail, String path) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_PREFIX + slug));
        problem.setTitle(title);
        if (path != null) {
            try {
                problem.setInstance(URI.create(path));
            } catch (IllegalArgumentException notAUri) {
                // The problem is still precise without an instance; never fail while reporting a failure.
            }
        }
        return problem;
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem, HttpHeaders headers) {
        return ResponseEntity.status(problem.getStatus()).headers(headers)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
