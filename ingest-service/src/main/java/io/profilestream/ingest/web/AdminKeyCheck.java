package io.profilestream.ingest.web;

import io.profilestream.ingest.config.AdminKeyProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Lets a request through only with the admin key in {@value #HEADER}. It runs before the handler,
 * so a caller without the key learns nothing else, not even whether the user id is valid or known.
 * The one place the admin key is checked (issue 6 generalises it into role-based keys).
 */
public final class AdminKeyCheck implements HandlerInterceptor {

    /** The request header that carries the key. */
    public static final String HEADER = "X-Api-Key";

    private static final Logger LOG = LoggerFactory.getLogger(AdminKeyCheck.class);

    private final byte[] expected;

    /** @param properties the configured key; a warning is logged when it is the public development key */
    public AdminKeyCheck(AdminKeyProperties properties) {
        this.expected = properties.adminKey().getBytes(StandardCharsets.UTF_8);
        if (properties.isLocalDevelopmentKey()) {
            LOG.warn("Using the public local-development admin key: anyone can erase users. Never do this in production.");
        }
    }

    /**
     * Passes requests that carry the admin key.
     *
     * @throws AdminKeyRejectedException when the key is missing or wrong
     */
    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String given = request.getHeader(HEADER);
        if (given == null || given.isEmpty()) {
            throw new AdminKeyRejectedException(false);
        }
        // Constant time in the content, and in the length of the expected key (the first argument),
        // so response times reveal nothing about the key.
        if (!MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
            // No path (it names the user) and no client address (personal data): the requestId in
            // the log line leads to the request in the access logs of the proxy in front.
            LOG.info("refused {} request with a wrong {}", request.getMethod(), HEADER);
            throw new AdminKeyRejectedException(true);
        }
        return true;
    }
}
