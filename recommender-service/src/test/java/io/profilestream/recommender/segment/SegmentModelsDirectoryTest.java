package io.profilestream.recommender.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.profilestream.ml.segment.SegmentArtifact;
import io.profilestream.ml.serving.VersionedModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.MockMvc;

/**
 * {@code GET /v1/segments} following a models directory the trainer re-fits into: each request
 * answers the version current then; a scan (called directly here, the poller calls the same
 * method) swaps a new one in, a broken one is refused with the previous one kept. A fresh, empty
 * models directory per test.
 */
@WebMvcTest(controllers = SegmentController.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class SegmentModelsDirectoryTest {

    static final Instant AS_OF = Instant.parse("2025-03-01T12:00:00Z");
    static final String V1 = "2025-03-01T000000Z-seg";
    static final String V2 = "2025-03-02T000000Z-seg";

    @TestConfiguration
    static class Beans {
        @Bean
        VersionedModels<Segments> segmentModels() {
            try {
                return new VersionedModels<>("Segment model", Files.createTempDirectory("segment-models-test"),
                        Segments::load, Segments::version, SegmentArtifact.FILE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Bean
        SegmentModelHealthIndicator segmentModel(VersionedModels<Segments> segmentModels) {
            return new SegmentModelHealthIndicator(segmentModels);
        }
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    VersionedModels<Segments> models;
    @Autowired
    SegmentModelHealthIndicator health;

    private Path dir() {
        return models.directory().orElseThrow();
    }

    private void export(String version) throws IOException {
        TestSegmentArtifacts.write(dir().resolve(version), version, TestSegmentArtifacts.member("u", AS_OF), AS_OF);
    }

    @Test
    void shouldAnswerNotLoadedUntilTheFirstVersionAppearsThenServeIt() throws Exception {
        mvc.perform(get("/v1/segments"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(content().json("""
                        {"type":"urn:profilestream:problem:segments-not-loaded","title":"No segment model loaded yet",\
                        "status":404,"detail":"no segment model version loaded yet from %s: the segments appear once \
                        the trainer exports a re-fit there (health component segmentModel says why a version was \
                        refused)","instance":"/v1/segments"}""".formatted(dir()), true));
        assertThat(health.health().getDetails()).isEqualTo(Map.of("version", "none", "directory", dir().toString(),
                "reason", "waiting for a version in " + dir()));

        export(V1);
        models.scan();

        mvc.perform(get("/v1/segments"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.modelVersion").value(V1))
                .andExpect(jsonPath("$.segments[1].size").value(40));
    }

    @Test
    void shouldServeANewVersionOnceAScanFindsIt() throws Exception {
        export(V1);
        models.scan();
        export(V2);

        models.scan();

        mvc.perform(get("/v1/segments")).andExpect(status().isOk()).andExpect(jsonPath("$.modelVersion").value(V2));
        assertThat(health.health().getDetails()).isEqualTo(Map.of("version", V2, "segments", 2,
                "directory", dir().toString()));
    }

    @Test
    void shouldRefuseABrokenVersionKeepServingThePreviousOneAndSayWhyInHealth() throws Exception {
        export(V1);
        models.scan();
        Path broken = Files.createDirectories(dir().resolve(V2)).resolve(SegmentArtifact.FILE);
        Files.writeString(broken, "{\"formatVersion\": 9}");

        models.scan();

        mvc.perform(get("/v1/segments")).andExpect(status().isOk()).andExpect(jsonPath("$.modelVersion").value(V1));
        assertThat(health.health().getDetails()).isEqualTo(Map.of("version", V1, "segments", 2,
                "directory", dir().toString(), "lastRefused", V2,
                "lastRefusedReason", broken + ": not a usable segment model: format version 9 is not 1"));
    }

    @Test
    void shouldServeTheVersionCurrentPinsEvenWhenANewerOneExists() throws Exception {
        export(V1);
        export(V2);
        Files.writeString(dir().resolve(VersionedModels.CURRENT_FILE), V1);

        models.scan();

        mvc.perform(get("/v1/segments")).andExpect(status().isOk()).andExpect(jsonPath("$.modelVersion").value(V1));
    }
}
