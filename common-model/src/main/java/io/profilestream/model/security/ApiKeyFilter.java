package io.profilestream.model.security;

import io.profilestream.model.serde.Json;
import io.profilestream.model.web.RequestIdFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets a request through only with an API key ({@value LocalDevelopmentKeys#HEADER}) whose role
 * grants what the endpoint requires ({@link EndpointRoles}). It runs before Spring MVC, so a caller
 * without the right key learns nothing else, not even whether a user id is valid or known:
 * <ul>
 *   <li>no key, or a key no role holds: 401, problem {@value #UNAUTHENTICATED}, with
 *       {@code WWW-Authenticate: ApiKey header="X-Api-Key"};</li>
 *   <li>a known key without the role: 403, problem {@value #FORBIDDEN}.</li>
 * </ul>
 * Log lines name the method, the role required and the reason, and carry the request id (MDC);
 * never the key, the path (it may name a user) nor the client address.
 */
public final class ApiKeyFilter extends OncePerRequestFilter {

    /** Problem type of a request without a known key. */
    public static final String UNAUTHENTICATED = "urn:profilestream:problem:unauthenticated";
    /** Problem type of a request whose key lacks the role. */
    public static final String FORBIDDEN = "urn:profilestream:problem:forbidden";
    /** The challenge of 401 answers. */
    public static final String CHALLENGE = "ApiKey header=\"" + LocalDevelopmentKeys.HEADER + "\"";
    /** Order of the filter: right after {@link RequestIdFilter}, so refusals carry the request id. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1;

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyFilter.class);

    private final ApiKeyAuthenticator authenticator;
    private final EndpointRoles endpoints;

    /**
     * @param authenticator the configured keys
     * @param endpoints     the role each path requires
     */
    public ApiKeyFilter(ApiKeyAuthenticator authenticator, EndpointRoles endpoints) {
        this.authenticator = authenticator;
        this.endpoints = endpoints;
    }

    /** The filter registered for every path, ordered right after the request-id filter. */
    public static FilterRegistrationBean<ApiKeyFilter> registration(ApiKeyAuthenticator authenticator,
                                                                    EndpointRoles endpoints) {
        FilterRegistrationBean<ApiKeyFilter> registration =
                new FilterRegistrationBean<>(new ApiKeyFilter(authenticator, endpoints));
        registration.setOrder(ORDER);
        registration.addUrlPatterns("/*");
        return registration;
    }

    /**
     * The filter of a service whose endpoints require {@code endpoints}' roles, with the keys of
     * {@code properties}, validated now: a missing key stops start-up with a message naming what to set.
     */
    public static FilterRegistrationBean<ApiKeyFilter> registration(ApiKeyProperties properties, EndpointRoles endpoints,
                                                                    Environment environment) {
        boolean local = environment.acceptsProfiles(Profiles.of("local"));
        return registration(ApiKeyAuthenticator.fromProperties(properties, endpoints.roles(), local), endpoints);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<ApiRole> required = endpoints.requiredFor(pathOf(request));
        if (required.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        String key = request.getHeader(LocalDevelopmentKeys.HEADER);
        Optional<ApiRole> role = authenticator.roleOf(key);
        if (role.isEmpty()) {
            boolean given = key != null && !key.isEmpty();
            LOG.info("refused {} request needing role {}: {} {}", request.getMethod(), required.get(),
                    given ? "unknown" : "no", LocalDevelopmentKeys.HEADER);
            response.setHeader("WWW-Authenticate", CHALLENGE);
            write(response, request, HttpServletResponse.SC_UNAUTHORIZED, UNAUTHENTICATED, "Unauthenticated",
                    given ? "the " + LocalDevelopmentKeys.HEADER + " header does not hold a known API key"
                            : "this endpoint needs an API key with the " + required.get() + " role in the "
                            + LocalDevelopmentKeys.HEADER + " header", required.get());
            return;
        }
        if (!role.get().grants(required.get())) {
            LOG.info("refused {} request needing role {}: the key has role {}", request.getMethod(), required.get(),
                    role.get());
            write(response, request, HttpServletResponse.SC_FORBIDDEN, FORBIDDEN, "Forbidden",
                    "this API key has the " + role.get() + " role; this endpoint needs the " + required.get() + " role",
                    required.get());
            return;
        }
        try (CallerApiKey.Binding ignored = CallerApiKey.bind(key)) {
            chain.doFilter(request, response);
        }
    }

    private static String pathOf(HttpServletRequest request) {
        // The decoded, normalised path the servlet container routes by, not the raw request URI.
        String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
        String pathInfo = request.getPathInfo() == null ? "" : request.getPathInfo();
        return servletPath + pathInfo;
    }

    private static void write(HttpServletResponse response, HttpServletRequest request, int status, String type,
                              String title, String detail, ApiRole required) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", type);
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        problem.put("requiredRole", required.name());
        String requestId = MDC.get(RequestIdFilter.MDC_KEY);
        if (requestId != null) {
            problem.put("requestId", requestId);
        }
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.getOutputStream().write(Json.mapper().writeValueAsBytes(problem));
    }
}
