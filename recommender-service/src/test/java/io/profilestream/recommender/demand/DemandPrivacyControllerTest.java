package io.profilestream.recommender.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import io.profilestream.model.dp.DpReleaser;
import io.profilestream.model.dp.InMemoryPrivacyBudgetLedger;
import io.profilestream.model.dp.LedgerEntry;
import io.profilestream.recommender.api.PeerForwarder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The demand endpoints with differential privacy on: categories served from the hourly releases at
 * no cost; an item's release costs once, is kept, and is refused with 429 once the budget is spent.
 */
@WebMvcTest(controllers = DemandController.class)
@Import(DemandPrivacyControllerTest.Beans.class)
class DemandPrivacyControllerTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-15T12:34:56Z"), ZoneOffset.UTC);

    @TestConfiguration
    static class Beans {
        @Bean
        InMemoryPrivacyBudgetLedger ledger() {
            // Room for the three category hours below and one item release of epsilon 0.1 per day.
            return new InMemoryPrivacyBudgetLedger(0.4, Duration.ofDays(1), CLOCK);
        }

        @Bean
        DemandService demandService(InMemoryPrivacyBudgetLedger ledger) {
            DemandSettings settings = new DemandSettings(5, Duration.ofHours(1), Duration.ofDays(35), 2, 48, true, null, 0);
            InMemoryDemandQueries queries = new InMemoryDemandQueries();
            CategoryReleaseLog log = CategoryReleaseLog.inMemory();
            // Started at 08:10: at 12:34:56 the hours 08:00, 09:00 and 10:00 are closed past their grace.
            CategoryReleaseSchedule.Run run = new CategoryReleaseSchedule(queries, () -> Set.of("phones", "garden"), log,
                    new DpReleaser(ledger, new Random(11)), settings, 0.1, Instant.parse("2025-03-15T08:10:00Z"))
                    .releaseDue(CLOCK.instant());
            assertThat(run.released()).hasSize(3);
            // Every key is "in the catalogue"; none has stored demand (noise on zeros is still released).
            return new DemandService(queries,
                    new DemandReleases(settings, new DpReleaser(ledger, new Random(7)), 0.1), settings, CLOCK,
                    (kind, id) -> !id.equals("unknown"), log);
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
    void shouldServeCategoriesFromTheHourlyReleasesWithoutSpendingBudget() throws Exception {
        List<LedgerEntry> before = ledger.entries();
        String first = null;
        for (int i = 0; i < 5; i++) {
            String answer = mvc.perform(get("/v1/demand/categories/phones?horizonHours=2"))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.history.length()").value(3))
                    .andExpect(jsonPath("$.history[0].hour").value("2025-03-15T08:00:00Z"))
                    .andExpect(jsonPath("$.history[2].hour").value("2025-03-15T10:00:00Z"))
                    .andExpect(jsonPath("$.forecast.measures.views.method").value("holt"))
                    .andExpect(jsonPath("$.forecast.measures.views.hours[0].hour").value("2025-03-15T12:00:00Z"))
                    .andExpect(jsonPath("$.privacy.mechanism").value("discrete-laplace"))
                    .andExpect(jsonPath("$.privacy.releasedHours").value(3))
                    .andExpect(jsonPath("$.privacy.unreleasedHours").value(45))
                    .andExpect(jsonPath("$.privacy.releases.length()").value(3))
                    .andExpect(jsonPath("$.privacy.releases[*].receiptId").value(contains("dp-1", "dp-2", "dp-3")))
                    .andExpect(jsonPath("$.privacy.releases[*].sensitivity").value(contains(15, 15, 15)))
                    .andExpect(jsonPath("$.privacy.releases[*].noiseScale").value(contains(150.0, 150.0, 150.0)))
                    .andReturn().getResponse().getContentAsString();
            if (first == null) {
                first = answer;
            }
            assertThat(answer).isEqualTo(first);
        }

        assertThat(ledger.entries()).isEqualTo(before);
    }

    @Test
    void shouldReleaseAnItemOnceThenServeTheKeptReleaseAndRefuseWhenTheBudgetIsSpent() throws Exception {
        String first = mvc.perform(get("/v1/demand/items/sku-1?horizonHours=2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.privacy.mechanism").value("discrete-laplace"))
                .andExpect(jsonPath("$.privacy.releases.length()").value(1))
                .andExpect(jsonPath("$.privacy.releases[0].epsilon").value(0.1))
                // 3 measures x cap 5 x 48 hours.
                .andExpect(jsonPath("$.privacy.releases[0].sensitivity").value(720))
                .andExpect(jsonPath("$.privacy.releases[0].noiseScale").value(7200.0))
                .andExpect(jsonPath("$.privacy.releases[0].receiptId").value("dp-4"))
                .andExpect(jsonPath("$.privacy.releasedHours").doesNotExist())
                .andReturn().getResponse().getContentAsString();

        String again = mvc.perform(get("/v1/demand/items/sku-1?horizonHours=2"))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        List<Object> firstHistory = JsonPath.read(first, "$.history");
        List<Object> againHistory = JsonPath.read(again, "$.history");
        assertThat(againHistory).isEqualTo(firstHistory);
        assertThat(ledger.entries()).hasSize(4);

        mvc.perform(get("/v1/demand/items/sku-2"))
                .andExpect(status().isTooManyRequests())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                // The reset is in the past of the real clock the header is computed with: the least wait.
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(content().json("""
                        {"type": "urn:profilestream:problem:privacy-budget-exhausted",
                         "title": "Privacy budget exhausted", "status": 429,
                         "instance": "/v1/demand/items/sku-2",
                         "budget": 0.4, "spent": 0.4, "requested": 0.1, "resetsAt": "2025-03-16T00:00:00Z"}""",
                        JsonCompareMode.LENIENT));
        assertThat(ledger.entries()).hasSize(4);
        // Categories still answer: they never spend at request time.
        mvc.perform(get("/v1/demand/categories/garden")).andExpect(status().isOk());
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
