package io.profilestream.profileupdater.query;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Maps profile lookup failures to RFC 9457 problem responses ({@code urn:profilestream:problem:<slug>}). */
@RestControllerAdvice(assignableTypes = ProfileController.class)
public class ProfileProblems {

    /** Seconds a client should wait before retrying a 503. */
    static final String RETRY_AFTER_SECONDS = "1";

    private static final Logger LOG = LoggerFactory.getLogger(ProfileProblems.class);

    @ExceptionHandler(InvalidUserKeyException.class)
    ResponseEntity<ProblemDetail> invalidUserKey(InvalidUserKeyException e, HttpServletRequest request) {
        // The rejected value is not echoed: a malformed key may well be a raw (personal) user id.
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-user-key", "Invalid user key", e.getMessage(), request);
        problem.setProperty("expected", "64 lower-case hex characters");
        return respond(problem).body(problem);
    }

    @ExceptionHandler(ProfileNotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(ProfileNotFoundException e, HttpServletRequest request) {
        ProblemDetail problem = problem(HttpStatus.NOT_FOUND, "profile-not-found", "Profile not found",
                "no events have been received for this user", request);
        problem.setProperty("userKey", e.userKey());
        return respond(problem).body(problem);
    }

    @ExceptionHandler(ProfileUnavailableException.class)
    ResponseEntity<ProblemDetail> unavailable(ProfileUnavailableException e, HttpServletRequest request) {
        LOG.debug("Profile lookup unavailable: {}", e.getMessage(), e.getCause());
        ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "profile-unavailable", "Profile temporarily unavailable",
                e.getMessage(), request);
        problem.setProperty("retryAfterSeconds", Integer.parseInt(RETRY_AFTER_SECONDS));
        return respond(problem).header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).body(problem);
    }

    private static ProblemDetail problem(HttpStatus status, String slug, String title, String detail,
                                         HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:profilestream:problem:" + slug));
        problem.setTitle(title);
        try {
            problem.setInstance(URI.create(request.getRequestURI()));
        } catch (IllegalArgumentException e) {
            // A path the servlet container accepted but java.net.URI does not: omit the member.
        }
        return problem;
    }

    private static ResponseEntity.BodyBuilder respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }
}
