package io.profilestream.ingest.config;

import io.profilestream.ingest.web.AdminKeyCheck;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Puts every admin endpoint behind {@link AdminKeyCheck}. Matching by path rather than annotating
 * each controller method means an endpoint added under {@code /v1/users} later is guarded too.
 */
@Configuration(proxyBeanMethods = false)
public class AdminApiConfiguration implements WebMvcConfigurer {

    /** The paths that need the admin key. */
    public static final String ADMIN_PATHS = "/v1/users/**";

    private final AdminKeyCheck adminKeyCheck;

    /** @param adminKey the validated admin key; binding it here makes a missing key fail start-up */
    public AdminApiConfiguration(AdminKeyProperties adminKey) {
        this.adminKeyCheck = new AdminKeyCheck(adminKey);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(adminKeyCheck).addPathPatterns(ADMIN_PATHS);
    }
}
