package io.profilestream.profileupdater.query;

import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.profilestream.ml.segment.NearestCentroidSegmentModel;
import io.profilestream.profileupdater.churn.TestChurnArtifacts;
import io.profilestream.profileupdater.segment.SegmentAssigner;
import io.profilestream.profileupdater.segment.TestSegmentArtifacts;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** With a segment model configured, the profile carries the user's segment as of the read. */
@WebMvcTest(ProfileController.class)
@Import(ProfileControllerSegmentTest.WithSegmentModel.class)
class ProfileControllerSegmentTest {

    private static final String KEY = "0123456789abcdef".repeat(4);

    @TestConfiguration(proxyBeanMethods = false)
    static class WithSegmentModel {
        @Bean
        SegmentAssigner segmentAssigner() {
            return new SegmentAssigner(new NearestCentroidSegmentModel(TestSegmentArtifacts.artifact("seg-v1", null)),
                    Clock.fixed(TestChurnArtifacts.AS_OF, ZoneOffset.UTC));
        }
    }

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private ProfileQueryService profiles;

    @Test
    void shouldShowTheSegmentOfTheLiveProfileWithItsDescriptionAndModelVersion() throws Exception {
        when(profiles.find(KEY, false)).thenReturn(new ProfileAnswer.Local(TestChurnArtifacts.profile(KEY)));

        mvc.perform(get("/v1/profiles/{userKey}", KEY).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.segment.id").value(1))
                .andExpect(jsonPath("$.segment.description").value(TestSegmentArtifacts.SEGMENT_1))
                .andExpect(jsonPath("$.segment.modelVersion").value("seg-v1"))
                .andExpect(jsonPath("$.churnRisk").doesNotExist())
                .andExpect(jsonPath("$.eventCount").value(9));
    }

    @Test
    void shouldPlaceAOneEventProfileOfTheReadInstantInTheSegmentNearestItsFeatures() throws Exception {
        // Features: only log_events = log_sessions = ln 2, recency 0: distance about 0.98 to segment 0 (the
        // origin), about 3.97 to segment 1.
        var fresh = new io.profilestream.model.profile.UserProfile(KEY, 1, java.util.Map.of(), null, null, null, null, 1,
                null, null, null, TestChurnArtifacts.AS_OF, TestChurnArtifacts.AS_OF);
        when(profiles.find(KEY, false)).thenReturn(new ProfileAnswer.Local(fresh));

        mvc.perform(get("/v1/profiles/{userKey}", KEY).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.segment.id").value(0));
    }
}
