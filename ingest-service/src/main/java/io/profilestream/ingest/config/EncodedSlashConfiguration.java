package io.profilestream.ingest.config;

import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Configuration;

/**
 * Lets a user id that contains {@code /} or {@code \} reach {@code /v1/users/{userId}} as one path segment.
 *
 * <p>Shops' user ids are arbitrary strings; clients percent-encode them as one segment
 * ({@code a/b} as {@code a%2Fb}). By default Tomcat answers 400 to {@code %2F} and to
 * {@code %5C}. {@code passthrough} leaves both encoded in the path Tomcat decodes and maps;
 * Spring MVC's path patterns match the raw request URI segment by segment and decode only the
 * path variable, so {@code a%2Fb} becomes the id {@code a/b} (and {@code a%252Fb} the id
 * {@code a%2Fb}). {@code decode} is not used: Spring would still route {@code a%2Fb}, but
 * Tomcat would normalise the decoded slashes, so the path it maps (and any servlet filter sees)
 * would differ from the one Spring routes, and an id such as {@code ..%2F..%2F..%2F..%2Fx}
 * would climb above the root and be refused with 400. Literal {@code /../} segments are
 * normalised, or refused above the root, by Tomcat as before.
 *
 * <p>Spring Boot 3.5 has no {@code server.tomcat.*} property for these connector attributes.
 * The recommender-service has the same small class: common-model, the only module both share, does not depend
 * on Tomcat and should not.
 */
@Configuration(proxyBeanMethods = false)
public class EncodedSlashConfiguration implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    /** How the connector treats {@code %2F} and {@code %5C} in a request path. */
    public static final EncodedSolidusHandling HANDLING = EncodedSolidusHandling.PASS_THROUGH;

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addConnectorCustomizers(connector -> {
            connector.setEncodedSolidusHandling(HANDLING.getValue());
            connector.setEncodedReverseSolidusHandling(HANDLING.getValue());
        });
    }
}
