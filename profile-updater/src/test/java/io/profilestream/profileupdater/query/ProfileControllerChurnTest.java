package io.profilestream.profileupdater.query;

import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.profilestream.ml.churn.LogisticChurnModel;
import io.profilestream.profileupdater.churn.ChurnScorer;
import io.profilestream.profileupdater.churn.TestChurnArtifacts;
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

/** With a churn model configured, the profile carries its churn risk as of the read. */
@WebMvcTest(ProfileController.class)
@Import(ProfileControllerChurnTest.WithChurnModel.class)
class ProfileControllerChurnTest {

    private static final String KEY = "0123456789abcdef".repeat(4);

    @TestConfiguration(proxyBeanMethods = false)
    static class WithChurnModel {
        @Bean
        ChurnScorer churnScorer() {
            return new ChurnScorer(new LogisticChurnModel(TestChurnArtifacts.artifact("churn-v1", null)),
                    Clock.fixed(TestChurnArtifacts.AS_OF, ZoneOffset.UTC));
        }
    }

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private ProfileQueryService profiles;

    @Test
    void shouldShowTheChurnRiskOfTheLiveProfileAsOfTheRead() throws Exception {
        when(profiles.find(KEY, false)).thenReturn(new ProfileAnswer.Local(TestChurnArtifacts.profile(KEY)));

        mvc.perform(get("/v1/profiles/{userKey}", KEY).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.churnRisk.probability").value(TestChurnArtifacts.EXPECTED))
                .andExpect(jsonPath("$.churnRisk.horizonHours").value(48))
                .andExpect(jsonPath("$.churnRisk.modelVersion").value("churn-v1"))
                .andExpect(jsonPath("$.churnRisk.asOf").value("2025-03-04T00:00:00Z"))
                .andExpect(jsonPath("$.eventCount").value(9));
    }

    @Test
    void shouldLeaveARelayedAnswerAsTheOwnerScoredIt() throws Exception {
        byte[] body = "{\"userKey\":\"x\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        when(profiles.find(KEY, false)).thenReturn(new ProfileAnswer.Relayed(200, "application/json", null, body));

        mvc.perform(get("/v1/profiles/{userKey}", KEY).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.churnRisk").doesNotExist());
    }
}
