package io.profilestream.recommender;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * MockMvc on the management context: the actuator endpoints live in a child context of their own,
 * served on the management port apart from the API, which {@code @AutoConfigureMockMvc}'s MockMvc
 * does not reach. Needs a real server ({@code webEnvironment = RANDOM_PORT}), as the child context
 * exists only then.
 */
@TestConfiguration(proxyBeanMethods = false)
public class ManagementMockMvc implements ApplicationListener<WebServerInitializedEvent> {

    private volatile WebApplicationContext management;

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if ("management".equals(event.getApplicationContext().getServerNamespace())) {
            management = (WebApplicationContext) event.getApplicationContext();
        }
    }

    /** A MockMvc for the actuator endpoints. */
    public MockMvc mvc() {
        if (management == null) {
            throw new IllegalStateException("no management context: the test needs webEnvironment = RANDOM_PORT");
        }
        return MockMvcBuilders.webAppContextSetup(management).build();
    }
}
