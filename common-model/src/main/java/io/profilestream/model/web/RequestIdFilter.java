package io.profilestream.model.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every HTTP request an id that appears in each log line written while serving it (MDC key
 * {@value #MDC_KEY}; the JSON log formats include MDC entries) and in the {@value #HEADER} response
 * header, so a shop engineer can quote it and an operator can find the request's log lines.
 *
 * <p>A caller's own {@value #HEADER} is kept when it is a short token of letters, digits, '-', '_'
 * and '.'; anything else is replaced by a random UUID, because the header value goes into logs and
 * must not carry personal data or log-forging line breaks.
 */
public final class RequestIdFilter extends OncePerRequestFilter {

    /** Request and response header carrying the id. */
    public static final String HEADER = "X-Request-Id";
    /** MDC key of the id while the request is served. */
    public static final String MDC_KEY = "requestId";

    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = idFor(request.getHeader(HEADER));
        response.setHeader(HEADER, id);
        MDC.put(MDC_KEY, id);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(MDC_KEY);
        }
    }

    /** The caller's id if it is acceptable, otherwise a new random one. */
    public static String idFor(String supplied) {
        return supplied != null && ACCEPTED.matcher(supplied).matches() ? supplied : UUID.randomUUID().toString();
    }
}
