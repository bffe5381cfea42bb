package io.profilestream.recommender.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.profilestream.ml.segment.SegmentArtifact;
import io.profilestream.ml.serving.VersionedModels;
import io.profilestream.recommender.api.InMemoryStoreQueries;
import io.profilestream.recommender.segment.Segments;
import io.profilestream.recommender.segment.TestSegmentArtifacts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The dashboard's user view following a segment models directory that is empty at start-up: no
 * {@code segment} until the first re-fit appears, then the segment by that version, without a restart.
 */
@WebMvcTest(controllers = DashboardController.class)
@Import(DashboardControllerTest.Beans.class)
class DashboardSegmentRefitTest {

    @TestConfiguration
    static class EmptySegmentModels {
        @Bean
        VersionedModels<Segments> segmentModels() {
            try {
                return new VersionedModels<>("Segment model", Files.createTempDirectory("dashboard-segment-refit"),
                        Segments::load, Segments::version, SegmentArtifact.FILE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    InMemoryStoreQueries stores;
    @Autowired
    VersionedModels<Segments> models;

    private String carol() throws Exception {
        return mvc.perform(get("/v1/dashboard/users/carol").param("k", "1"))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
    }

    @Test
    void shouldShowNoSegmentUntilTheFirstVersionAppearsThenTheSegmentByIt() throws Exception {
        stores.reset();
        stores.putProfile(DashboardSegmentTest.CAROL);
        assertThat(carol()).startsWith("{\"userKey\":\"" + DashboardSegmentTest.CAROL_KEY + "\",\"profile\":{")
                .doesNotContain("\"segment\"");

        TestSegmentArtifacts.write(models.directory().orElseThrow().resolve("seg-2025-03-01"), "seg-2025-03-01",
                DashboardSegmentTest.CAROL, DashboardControllerTest.NOW);
        models.scan();

        assertThat(carol()).endsWith(",\"segment\":{\"id\":1,\"description\":\"" + TestSegmentArtifacts.SEGMENT_1 + "\"}}");
    }
}
