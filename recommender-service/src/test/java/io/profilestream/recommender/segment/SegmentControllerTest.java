package io.profilestream.recommender.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.profilestream.ml.serving.VersionedModels;
import io.profilestream.model.profile.UserProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** {@code GET /v1/segments} over a literal artifact written to disk and loaded as the service does. */
@WebMvcTest(controllers = SegmentController.class)
class SegmentControllerTest {

    static final Instant AS_OF = Instant.parse("2025-03-01T12:00:00Z");

    @TestConfiguration
    static class Beans {
        @Bean
        VersionedModels<Segments> segments() {
            try {
                Path dir = Files.createTempDirectory("segment-controller-test");
                UserProfile member = TestSegmentArtifacts.member("u", AS_OF);
                TestSegmentArtifacts.write(dir, "seg-v1", member, AS_OF);
                return VersionedModels.fixed("Segment model", Segments.load(dir), Segments::version);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Autowired
    MockMvc mvc;

    @Test
    void shouldServeTheReleasedSegmentsAndTheirPrivacyFacts() throws Exception {
        String body = mvc.perform(get("/v1/segments"))
                .andExpect(status().isOk())
                .andExpect(content().contentType(MediaType.APPLICATION_JSON))
                .andReturn().getResponse().getContentAsString();

        assertThat(body).isEqualTo("{\"modelVersion\":\"seg-v1\",\"k\":2,\"segments\":["
                + "{\"id\":0,\"size\":25,\"topCategories\":[\"books\"],\"priceBand\":\"low\",\"churnLevel\":\"high\","
                + "\"activity\":\"light\",\"description\":\"" + TestSegmentArtifacts.SEGMENT_0 + "\"},"
                + "{\"id\":1,\"size\":40,\"topCategories\":[\"phones\",\"books\"],\"priceBand\":\"high\","
                + "\"churnLevel\":\"low\",\"activity\":\"regular\",\"description\":\"" + TestSegmentArtifacts.SEGMENT_1
                + "\"}],"
                + "\"privacy\":{\"epsilon\":0.75,\"mechanisms\":[\"discrete-laplace\"],\"releases\":["
                + "{\"name\":\"segment-sizes\",\"epsilon\":0.5,\"mechanism\":\"discrete-laplace\",\"sensitivity\":1,"
                + "\"noiseScale\":2.0,\"noiseStandardDeviation\":2.75,\"receiptId\":\"r-0001\"},"
                + "{\"name\":\"segment-top-categories\",\"epsilon\":0.25,\"mechanism\":\"discrete-laplace\","
                + "\"sensitivity\":1,\"noiseScale\":4.0,\"noiseStandardDeviation\":5.5,\"receiptId\":\"r-0002\"}],"
                + "\"covered\":\"segments[].size and every description field\","
                + "\"notCovered\":\"categories, mean, scale, weight, centroids and training: internal only\"}}");
    }

    @Test
    void shouldNeverServeTheExactPartsOfTheArtifact() throws Exception {
        String body = mvc.perform(get("/v1/segments")).andReturn().getResponse().getContentAsString();

        // Keys of the exact parts, the category only the feature space lists, and the exact training facts.
        assertThat(body).doesNotContain("\"centroids\"", "\"mean\"", "\"scale\"", "\"weight\"", "\"features\"",
                "\"categories\"", "\"training\"", "\"quality\"", "\"fold\"", "garden",
                Integer.toString(TestSegmentArtifacts.TRAINING_USERS), "0.4321");
    }
}
