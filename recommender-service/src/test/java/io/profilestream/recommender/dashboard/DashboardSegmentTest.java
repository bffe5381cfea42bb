package io.profilestream.recommender.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.profilestream.ml.serving.VersionedModels;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.recommender.api.InMemoryStoreQueries;
import io.profilestream.recommender.segment.Segments;
import io.profilestream.recommender.segment.TestSegmentArtifacts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The dashboard's user view with a segment model: the user's segment, placed from the profile this
 * instance holds as of the service's "now". Without a model the view has no {@code segment} at all
 * ({@link DashboardControllerTest} compares that body exactly).
 */
@WebMvcTest(controllers = DashboardController.class)
@Import(DashboardControllerTest.Beans.class)
class DashboardSegmentTest {

    static final String CAROL_KEY = DashboardControllerTest.PSEUDONYMIZER.user("carol");
    /** Carol's profile: segment 1's centroid is its feature vector as of the service's now. */
    static final UserProfile CAROL = TestSegmentArtifacts.member(CAROL_KEY, DashboardControllerTest.NOW.minusSeconds(90));

    @TestConfiguration
    static class SegmentModel {
        @Bean
        VersionedModels<Segments> segments() {
            try {
                Path dir = Files.createTempDirectory("dashboard-segment-test");
                TestSegmentArtifacts.write(dir, "seg-v1", CAROL, DashboardControllerTest.NOW);
                return VersionedModels.fixed("Segment model", Segments.load(dir), Segments::version);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    InMemoryStoreQueries stores;

    @BeforeEach
    void profiles() {
        stores.reset();
        stores.putProfile(CAROL);
    }

    @Test
    void shouldShowTheSegmentOfTheProfileThisInstanceHolds() throws Exception {
        String body = mvc.perform(get("/v1/dashboard/users/carol").param("k", "1"))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();

        assertThat(body).startsWith("{\"userKey\":\"" + CAROL_KEY + "\",\"profile\":{\"eventCount\":3,")
                .endsWith(",\"segment\":{\"id\":1,\"description\":\"" + TestSegmentArtifacts.SEGMENT_1 + "\"}}");
    }

    @Test
    void shouldShowNoSegmentForAUserWithoutAProfile() throws Exception {
        String body = mvc.perform(get("/v1/dashboard/users/nobody").param("k", "1"))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();

        assertThat(body).contains("\"profile\":null").doesNotContain("segment");
    }
}
