package io.profilestream.recommender.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import io.profilestream.model.dp.DpReleaser;
import io.profilestream.model.dp.InMemoryPrivacyBudgetLedger;
import io.profilestream.recommender.api.PeerForwarder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MockMvc;

/** The demand endpoints with differential privacy on: what a release costs, that it is kept, and the 429 once spent. */
@WebMvcTest(controllers = DemandController.class)
@Import(DemandPrivacyControllerTest.Beans.class)
class DemandPrivacyControllerTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-15T12:34:56Z"), ZoneOffset.UTC);

    @TestConfiguration
    static class Beans {
        @Bean
        InMemoryPrivacyBudgetLedger ledger() {
            // Room for exactly one release of epsilon 0.1 per day.
            return new InMemoryPrivacyBudgetLedger(0.1, Duration.ofDays(1), CLOCK);
        }

        @Bean
        DemandService demandService(InMemoryPrivacyBudgetLedger ledger) {
            DemandSettings settings = new DemandSettings(5, Duration.ofHours(1), Duration.ofDays(35), 2, 48, true);
            // Every key is "in the catalogue"; none has stored demand (noise on zeros is still released).
            return new DemandService(new InMemoryDemandQueries(),
                    new DemandReleases(settings, new DpReleaser(ledger, new Random(7)), 0.1), settings, CLOCK,
                    (kind, id) -> !id.equals("unknown"));
        }

        @Bean
        PeerForwarder peerForwarder() {
            return new PeerForwarder(Duration.ofSeconds(2));
        }
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    InMemoryPrivacyBudgetLedger ledger;

    @Test
    void shouldReleaseOnceThenServeTheKeptReleaseAndRefuseWhenTheBudgetIsSpent() throws Exception {
        String first = mvc.perform(get("/v1/demand/categories/phones?horizonHours=2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.privacy.mechanism").value("discrete-laplace"))
                .andExpect(jsonPath("$.privacy.releases.length()").value(1))
                .andExpect(jsonPath("$.privacy.releases[0].epsilon").value(0.1))
                // 3 measures x cap 5 x 48 hours.
                .andExpect(jsonPath("$.privacy.releases[0].sensitivity").value(720))
                .andExpect(jsonPath("$.privacy.releases[0].noiseScale").value(7200.0))
                .andExpect(jsonPath("$.privacy.releases[0].receiptId").value("dp-1"))
                .andReturn().getResponse().getContentAsString();

        String again = mvc.perform(get("/v1/demand/categories/phones?horizonHours=2"))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        List<Object> firstHistory = JsonPath.read(first, "$.history");
        List<Object> againHistory = JsonPath.read(again, "$.history");
        assertThat(againHistory).isEqualTo(firstHistory);
        assertThat(ledger.entries()).hasSize(1);

        mvc.perform(get("/v1/demand/categories/garden"))
                .andExpect(status().isTooManyRequests())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                // The reset is in the past of the real clock the header is computed with: the least wait.
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(content().json("""
                        {"type": "urn:profilestream:problem:privacy-budget-exhausted",
                         "title": "Privacy budget exhausted", "status": 429,
                         "instance": "/v1/demand/categories/garden",
                         "budget": 0.1, "spent": 0.1, "requested": 0.1, "resetsAt": "2025-03-16T00:00:00Z"}""",
                        JsonCompareMode.LENIENT));
        assertThat(ledger.entries()).hasSize(1);
    }

    @Test
    void shouldAnswer404ForAKeyOutsideTheCatalogueWithoutReleasing() throws Exception {
        int charges = ledger.entries().size();

        mvc.perform(get("/v1/demand/items/unknown"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("no demand recorded for item 'unknown' in the last 2 days"));
        assertThat(ledger.entries()).hasSize(charges);
    }
}
