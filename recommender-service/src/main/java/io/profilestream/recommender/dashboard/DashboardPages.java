package io.profilestream.recommender.dashboard;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.lang.NonNull;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the dashboard page: {@code /dashboard/} is {@code static/dashboard/index.html} (Spring
 * Boot serves {@code static/} but resolves no index file below the root), {@code /dashboard}
 * redirects there so the page's relative URLs resolve. The page's files get a strict
 * Content-Security-Policy: scripts, styles and requests from this origin only, no inline script,
 * so text that slipped into markup still could not run.
 */
@Configuration(proxyBeanMethods = false)
public class DashboardPages implements WebMvcConfigurer {

    /** Where the page lives. */
    public static final String PATH = "/dashboard/";
    /** The policy sent with every file of the page. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/dashboard", PATH);
        registry.addViewController(PATH).setViewName("forward:" + PATH + "index.html");
    }

    /** Security headers on the page's files (the JSON API needs none of them). */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> dashboardHeaders() {
        OncePerRequestFilter headers = new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(@NonNull HttpServletRequest request, @NonNull HttpServletResponse response,
                                            @NonNull FilterChain chain) throws ServletException, IOException {
                response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
                response.setHeader("X-Content-Type-Options", "nosniff");
                // The page's URL carries the user id (?user=): never send it elsewhere as a referrer.
                response.setHeader("Referrer-Policy", "no-referrer");
                chain.doFilter(request, response);
            }
        };
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(headers);
        registration.addUrlPatterns(PATH + "*");
        registration.setName("dashboardHeaders");
        return registration;
    }
}
