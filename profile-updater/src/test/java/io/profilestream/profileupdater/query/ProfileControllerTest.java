package io.profilestream.profileupdater.query;

import static io.profilestream.model.event.EventType.PURCHASE;
import static io.profilestream.model.event.EventType.VIEW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.profilestream.model.profile.DecayedScores;
import io.profilestream.model.profile.NeuralState;
import io.profilestream.model.profile.PriceBand;
import io.profilestream.model.profile.Rfm;
import io.profilestream.model.profile.UserProfile;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MockMvc;

/** HTTP mapping only: the lookup behind it is covered by {@link RoutingProfileQueryServiceTest}. */
@WebMvcTest(ProfileController.class)
class ProfileControllerTest {

    private static final String KEY = "0123456789abcdef".repeat(4);
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private ProfileQueryService profiles;

    private static UserProfile profile() {
        return new UserProfile(KEY, 3, Map.of(VIEW, 2L, PURCHASE, 1L),
                new DecayedScores(T0, Map.of("shoes", 3.0, "socks", 1.0)),
                new DecayedScores(T0, Map.of("acme", 4.0)),
                new PriceBand(2, 0.0, 0.0),
                new Rfm(T0, 1, 2, Map.of("EUR", new BigDecimal("39.98"))),
                2, "s2", List.of("i2", "i1"), List.of("i1"), T0, Instant.parse("2025-03-01T11:00:00Z"));
    }

    @Test
    void shouldServeTheProfileWithTopSharesAndPriceBand() throws Exception {
        when(profiles.find(KEY, false)).thenReturn(new ProfileAnswer.Local(profile()));

        mvc.perform(get("/v1/profiles/{userKey}", KEY).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk())
                .andExpect(content().contentType(MediaType.APPLICATION_JSON))
                .andExpect(content().json("""
                        {
                          "userKey": "%s",
                          "eventCount": 3,
                          "counts": {"view": 2, "purchase": 1},
                          "categoryAffinity": {"asOf": "2025-03-01T10:00:00Z", "scores": {"shoes": 3.0, "socks": 1.0}},
                          "brandAffinity": {"asOf": "2025-03-01T10:00:00Z", "scores": {"acme": 4.0}},
                          "priceBand": {"count": 2, "meanLog": 0.0, "m2Log": 0.0, "typical": 1.0, "low": 1.0, "high": 1.0},
                          "rfm": {"lastPurchaseTime": "2025-03-01T10:00:00Z", "purchases": 1, "unitsBought": 2,
                                  "spend": {"EUR": 39.98}},
                          "sessionCount": 2,
                          "lastSessionKey": "s2",
                          "recentItems": ["i2", "i1"],
                          "purchasedItems": ["i1"],
                          "firstEventTime": "2025-03-01T10:00:00Z",
                          "lastEventTime": "2025-03-01T11:00:00Z",
                          "topCategories": {"shoes": 0.75, "socks": 0.25},
                          "topBrands": {"acme": 1.0}
                        }
                        """.formatted(KEY), JsonCompareMode.STRICT));
    }

    @Test
    void shouldShowTheNeuralPartExactlyAndItsVectorAsNumbers() throws Exception {
        NeuralState neural = new NeuralState("2025-03-01-v7", "s2", List.of("i1", "i2", "i1"), 4,
                new float[]{0.5f, -0.25f}, new float[]{1f, 2f});
        when(profiles.find(KEY, false)).thenReturn(new ProfileAnswer.Local(profile().withNeural(neural)));

        mvc.perform(get("/v1/profiles/{userKey}", KEY).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk())
                .andExpect(content().json("""
                        {
                          "neural": {"modelVersion": "2025-03-01-v7", "sessionKey": "s2", "sessionItems": ["i1", "i2", "i1"],
                                     "steps": 4, "h": "AAAAPwAAgL4=", "c": "AACAPwAAAEA="},
                          "vector": {"modelVersion": "2025-03-01-v7", "steps": 4, "sessionItemCount": 3, "hiddenSize": 2,
                                     "h": [0.5, -0.25]}
                        }
                        """, JsonCompareMode.LENIENT));
    }

    @Test
    void shouldOmitTheVectorOfAProfileWithoutNeuralPart() throws Exception {
        when(profiles.find(KEY, false)).thenReturn(new ProfileAnswer.Local(profile()));

        String body = mvc.perform(get("/v1/profiles/{userKey}", KEY)).andReturn().getResponse().getContentAsString();

        assertThat(body).doesNotContain("\"vector\"").doesNotContain("\"neural\"");
    }

    @Test
    void shouldListTopCategoriesBestFirst() throws Exception {
        when(profiles.find(KEY, false)).thenReturn(new ProfileAnswer.Local(profile()));

        String body = mvc.perform(get("/v1/profiles/{userKey}", KEY)).andReturn().getResponse().getContentAsString();

        assertThat(body).contains("\"topCategories\":{\"shoes\":0.75,\"socks\":0.25}");
    }

    @Test
    void shouldAnswerAnUnknownUserWithNotFoundProblem() throws Exception {
        when(profiles.find(KEY, false)).thenThrow(new ProfileNotFoundException(KEY));

        mvc.perform(get("/v1/profiles/{userKey}", KEY).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(content().json("""
                        {
                          "type": "urn:profilestream:problem:profile-not-found",
                          "title": "Profile not found",
                          "status": 404,
                          "detail": "no events have been received for this user",
                          "instance": "/v1/profiles/%s",
                          "userKey": "%s"
                        }
                        """.formatted(KEY, KEY), JsonCompareMode.STRICT));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef",
            "0123456789abcdef",
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg",
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0",
            "alice@example.com"})
    void shouldRejectAKeyThatIsNotAPseudonymWithBadRequestProblem(String userKey) throws Exception {
        mvc.perform(get("/v1/profiles/{userKey}", userKey))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(content().json("""
                        {
                          "type": "urn:profilestream:problem:invalid-user-key",
                          "title": "Invalid user key",
                          "status": 400,
                          "detail": "userKey must be 64 lower-case hex characters (an HMAC-SHA256 pseudonym)",
                          "instance": "/v1/profiles/%s",
                          "expected": "64 lower-case hex characters"
                        }
                        """.formatted(userKey), JsonCompareMode.STRICT));
        verifyNoInteractions(profiles);
    }

    @Test
    void shouldAnswerServiceUnavailableWithRetryAfterWhileTheStoreIsNotQueryable() throws Exception {
        when(profiles.find(KEY, false)).thenThrow(new ProfileUnavailableException(
                "profile store is not queryable yet (Kafka Streams is starting, restoring or rebalancing); retry shortly"));

        mvc.perform(get("/v1/profiles/{userKey}", KEY).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(content().json("""
                        {
                          "type": "urn:profilestream:problem:profile-unavailable",
                          "title": "Profile temporarily unavailable",
                          "status": 503,
                          "detail": "profile store is not queryable yet (Kafka Streams is starting, restoring or rebalancing); retry shortly",
                          "instance": "/v1/profiles/%s",
                          "retryAfterSeconds": 1
                        }
                        """.formatted(KEY), JsonCompareMode.STRICT));
    }

    @Test
    void shouldTellTheServiceWhenARequestWasForwarded() throws Exception {
        when(profiles.find(anyString(), anyBoolean())).thenReturn(new ProfileAnswer.Local(profile()));

        mvc.perform(get("/v1/profiles/{userKey}", KEY).header("X-ProfileStream-Forwarded", "true"))
                .andExpect(status().isOk());

        verify(profiles).find(KEY, true);
    }

    @Test
    void shouldRelayTheOwningInstancesAnswerUnchanged() throws Exception {
        byte[] body = "{\"type\":\"urn:profilestream:problem:profile-unavailable\",\"status\":503}".getBytes(StandardCharsets.UTF_8);
        when(profiles.find(KEY, false)).thenReturn(new ProfileAnswer.Relayed(503, "application/problem+json", "1", body));

        mvc.perform(get("/v1/profiles/{userKey}", KEY))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(content().bytes(body));
    }
}
