package io.profilestream.ingest.web;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.profilestream.ingest.config.IngestProperties;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The catch-all of {@link IngestExceptionHandler}, driven through Spring MVC with a controller that fails. */
class UnexpectedErrorTest {

    @RestController
    static class FailingController {
        @GetMapping("/boom")
        String boom() {
            throw new IllegalStateException("password=hunter2 at db.internal:5432");
        }
    }

    @Test
    void shouldAnswer500ProblemWithoutMessageOrStackTrace() throws Exception {
        MockMvc mvc = MockMvcBuilders.standaloneSetup(new FailingController())
                .setControllerAdvice(new IngestExceptionHandler(
                        new IngestProperties(1_048_576, 500, Duration.ofSeconds(10), Duration.ofSeconds(5),
                                33_554_432, Duration.ofSeconds(1), Duration.ofSeconds(2)),
                        new IngestMetrics(new SimpleMeterRegistry())))
                .build();

        mvc.perform(get("/boom"))
                .andExpect(status().isInternalServerError())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(content().json("""
                        {"type":"urn:profilestream:problem:internal-error","title":"Internal server error",
                         "status":500,"detail":"an unexpected error occurred; it has been logged","instance":"/boom"}
                        """, JsonCompareMode.STRICT));
    }
}
