package io.profilestream.profileupdater.query;

import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.profilestream.ml.churn.ChurnArtifact;
import io.profilestream.ml.churn.ChurnModel;
import io.profilestream.ml.segment.SegmentArtifact;
import io.profilestream.ml.segment.SegmentModel;
import io.profilestream.ml.serving.VersionedModels;
import io.profilestream.profileupdater.churn.ChurnScorer;
import io.profilestream.profileupdater.churn.TestChurnArtifacts;
import io.profilestream.profileupdater.segment.SegmentAssigner;
import io.profilestream.profileupdater.segment.TestSegmentArtifacts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

/**
 * The profile endpoint while the churn and segment models are re-fitted: each read uses the version
 * current at that read, so a new version directory shows on the next read after a scan.
 */
@WebMvcTest(ProfileController.class)
@Import(ProfileControllerRefitTest.WithModelDirectories.class)
class ProfileControllerRefitTest {

    private static final String KEY = "0123456789abcdef".repeat(4);
    private static final Clock CLOCK = Clock.fixed(TestChurnArtifacts.AS_OF, ZoneOffset.UTC);

    @TestConfiguration(proxyBeanMethods = false)
    static class WithModelDirectories {
        @Bean
        Path modelsRoot() {
            try {
                Path root = Files.createTempDirectory("profile-refit-test");
                Files.createDirectories(root.resolve("churn"));
                Files.createDirectories(root.resolve("segments"));
                TestChurnArtifacts.write(root.resolve("churn").resolve("churn-2025-03-01"), "churn-2025-03-01");
                TestSegmentArtifacts.write(root.resolve("segments").resolve("seg-2025-03-01"), "seg-2025-03-01");
                return root;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Bean
        ChurnScorer churnScorer(Path modelsRoot) {
            VersionedModels<ChurnModel> models = new VersionedModels<>(ChurnScorer.WHAT, modelsRoot.resolve("churn"),
                    ChurnModel::load, ChurnModel::version, ChurnArtifact.FILE);
            models.scan();
            return new ChurnScorer(models, CLOCK);
        }

        @Bean
        SegmentAssigner segmentAssigner(Path modelsRoot) {
            VersionedModels<SegmentModel> models = new VersionedModels<>(SegmentAssigner.WHAT,
                    modelsRoot.resolve("segments"), SegmentModel::load, SegmentModel::version, SegmentArtifact.FILE);
            models.scan();
            return new SegmentAssigner(models, CLOCK);
        }
    }

    @Autowired
    private MockMvc mvc;
    @Autowired
    private Path modelsRoot;
    @Autowired
    private ChurnScorer churn;
    @Autowired
    private SegmentAssigner segments;

    @MockitoBean
    private ProfileQueryService profiles;

    @Test
    void shouldAnswerWithTheNewVersionsOnceAScanHasFoundThem() throws Exception {
        when(profiles.find(KEY, false)).thenReturn(new ProfileAnswer.Local(TestChurnArtifacts.profile(KEY)));
        mvc.perform(get("/v1/profiles/{userKey}", KEY).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.churnRisk.modelVersion").value("churn-2025-03-01"))
                .andExpect(jsonPath("$.segment.modelVersion").value("seg-2025-03-01"));

        TestChurnArtifacts.write(modelsRoot.resolve("churn").resolve("churn-2025-03-02"), "churn-2025-03-02");
        TestSegmentArtifacts.write(modelsRoot.resolve("segments").resolve("seg-2025-03-02"), "seg-2025-03-02");
        churn.models().scan();
        segments.models().scan();

        mvc.perform(get("/v1/profiles/{userKey}", KEY).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.churnRisk.probability").value(TestChurnArtifacts.EXPECTED))
                .andExpect(jsonPath("$.churnRisk.modelVersion").value("churn-2025-03-02"))
                .andExpect(jsonPath("$.segment.id").value(1))
                .andExpect(jsonPath("$.segment.description").value(TestSegmentArtifacts.SEGMENT_1))
                .andExpect(jsonPath("$.segment.modelVersion").value("seg-2025-03-02"));
    }
}
