package io.profilestream.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.profilestream.model.security.LocalDevelopmentKeys;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard's two privacy-facing panels in headless Chromium against the running fleet: the
 * segments of a model re-fitted while the fleet runs, and a category's demand, each showing what
 * the API answers together with its privacy facts. (The live profile part is {@link DashboardScenario}.)
 */
final class DashboardPanelsScenario {

    /** The panels as shown, read in one script run; numbers as the exact values the page keeps. */
    private static final String SHOWN = """
            const text = (id) => document.getElementById(id).textContent;
            const all = (selector) => Array.from(document.querySelectorAll(selector));
            return {
              segmentsShown: !document.getElementById('segments-result').hidden,
              segmentsModel: text('segments-model'),
              segmentsEpsilon: document.getElementById('segments-epsilon').dataset.value || null,
              segmentsReleases: all('#segments-releases tr').map((r) => r.dataset.release),
              segments: all('#segments-cards .segment').map((c) => c.dataset.segmentId + '='
                  + c.querySelector('[data-value]').dataset.value),
              segmentsStatus: text('segments-status'),
              userSegment: text('profile-segment'),
              demandShown: !document.getElementById('demand-result').hidden,
              demandStatus: text('demand-status'),
              demandSubject: text('demand-subject'),
              demandMechanism: document.getElementById('demand-privacy').dataset.mechanism || null,
              demandSummary: text('demand-privacy-summary'),
              demandNote: text('demand-privacy-note'),
              demandHistory: all('#demand-history tr').map((r) => r.dataset.hour + '='
                  + Array.from(r.querySelectorAll('td[data-value]')).map((c) => c.dataset.value).join(','))
            };""";

    private final FleetClient client;

    DashboardPanelsScenario(FleetClient client) {
        this.client = client;
    }

    /**
     * With segment model {@code version} served, the Segments panel lists exactly the released
     * segments and their privacy facts, the user view names the user's segment, and a category's
     * demand shows the released hours and the privacy note the API gives.
     */
    void panelsShowSegmentsAndDemandWithTheirPrivacyNotes(String user, String version, String category, Path screenshot)
            throws Exception {
        String rec = client.baseUrl("recommender-service");
        JsonNode segments = client.json(rec + "/v1/segments");
        assertThat(segments.path("modelVersion").asText()).isEqualTo(version);
        JsonNode view = client.json(rec + "/v1/dashboard/users/" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "?k=5");
        assertThat(view.path("segment").isObject()).as("the user is placed in a segment").isTrue();

        Path userData = Files.createTempDirectory("dashboard-panels-chromium");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DashboardScenario.CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver browser = new ChromeDriver(service, DashboardScenario.options(userData));
        try {
            browser.get(rec + "/dashboard/?user=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&k=5");
            browser.findElement(By.id("api-key")).sendKeys(LocalDevelopmentKeys.READER);
            browser.findElement(By.cssSelector("#key-form button")).click();

            List<String> expected = new ArrayList<>();
            segments.path("segments").forEach(s -> expected.add(s.path("id").asText() + "=" + s.path("size").asText()));
            List<String> releases = new ArrayList<>();
            segments.path("privacy").path("releases").forEach(r -> releases.add(r.path("name").asText()));
            String placed = "segment " + view.path("segment").path("id").asText() + ": "
                    + view.path("segment").path("description").asText();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                Map<String, Object> page = shown(browser);
                assertThat(page.get("segmentsShown")).as("segments panel; status: " + page.get("segmentsStatus")).isEqualTo(true);
                assertThat(page.get("segmentsModel")).isEqualTo("model " + version + ", " + segments.path("k").asInt()
                        + " segments");
                assertThat(page.get("segments")).isEqualTo(expected);
                assertThat(page.get("segmentsReleases")).isEqualTo(releases);
                assertThat(Double.parseDouble((String) page.get("segmentsEpsilon")))
                        .isEqualTo(segments.path("privacy").path("epsilon").asDouble());
                assertThat(page.get("userSegment")).isEqualTo(placed);
            });

            new Select(browser.findElement(By.id("demand-kind"))).selectByValue("categories");
            browser.findElement(By.id("demand-id")).sendKeys(category);
            browser.findElement(By.id("demand-show")).click();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> Boolean.TRUE.equals(shown(browser).get("demandShown")));
            // Categories are released on the server's schedule and cost nothing to read: asking the API
            // again answers the same released hours (unless an hour closed in between: then ask again).
            JsonNode demand = client.json(rec + "/v1/demand/categories/" + URLEncoder.encode(category, StandardCharsets.UTF_8)
                    + "?horizonHours=24");
            Map<String, Object> page = shown(browser);
            JsonNode privacy = demand.path("privacy");
            assertThat(page.get("demandStatus")).asString().startsWith("fetched ");
            assertThat(page.get("demandSubject")).isEqualTo("Category " + category);
            assertThat(page.get("demandMechanism")).isEqualTo(privacy.path("mechanism").asText());
            assertThat(page.get("demandNote")).isEqualTo(privacy.path("note").asText());
            assertThat(page.get("demandSummary")).asString().contains(privacy.path("releasedHours").asText()
                    + " hour(s) released, " + privacy.path("unreleasedHours").asText() + " not yet.");
            List<String> hours = new ArrayList<>();
            List<JsonNode> history = new ArrayList<>();
            demand.path("history").forEach(history::add);
            for (JsonNode h : history.subList(Math.max(0, history.size() - 24), history.size())) {
                hours.add(h.path("hour").asText() + "=" + h.path("views").asText() + "," + h.path("addToCarts").asText()
                        + "," + h.path("units").asText());
            }
            assertThat(page.get("demandHistory")).isEqualTo(hours);

            Files.createDirectories(screenshot.toAbsolutePath().getParent());
            ((JavascriptExecutor) browser).executeScript("document.getElementById('segments').scrollIntoView()");
            Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), screenshot, StandardCopyOption.REPLACE_EXISTING);
            System.out.println("Dashboard panels screenshot: " + screenshot.toAbsolutePath());
        } finally {
            browser.quit();
            DashboardScenario.deleteRecursively(userData);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> shown(ChromeDriver browser) {
        return (Map<String, Object>) ((JavascriptExecutor) browser).executeScript(SHOWN);
    }
}
