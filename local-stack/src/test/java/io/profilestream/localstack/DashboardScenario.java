package io.profilestream.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.profilestream.model.event.EventType;
import io.profilestream.model.event.RawEvent;
import io.profilestream.model.security.LocalDevelopmentKeys;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard scenario of {@link LocalFleetIT}: the recommender's {@code /dashboard/} page in
 * headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, driven by Selenium with
 * both paths set, so Selenium Manager never tries to download anything) against the running fleet.
 * What the page shows is read in one go from the DOM (it re-renders every second) and compared
 * with what the REST endpoints answer.
 */
final class DashboardScenario {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final String INSTALL_HINT = "the dashboard test needs Debian's Chromium and its driver at " + CHROMIUM + " and "
            + CHROMEDRIVER + ": apt-get install chromium chromium-driver";
    static final int K = 10;

    /**
     * What the page shows, read in one script run so a re-render cannot tear it: texts as shown,
     * numbers as their exact values (the page keeps them in data attributes).
     */
    private static final String SHOWN = """
            const text = (id) => document.getElementById(id).textContent;
            const all = (selector) => Array.from(document.querySelectorAll(selector));
            return {
              userStatus: text('user-status'),
              profileShown: !document.getElementById('profile').hidden,
              eventCount: text('profile-event-count'),
              lastEvent: text('profile-last-event'),
              neuralVersion: text('profile-neural-version'),
              neuralSteps: text('profile-neural-steps'),
              counts: all('#profile-counts tr').map((r) => r.dataset.type + '=' + r.cells[1].textContent),
              categories: all('#profile-categories li').map((li) => li.dataset.category + '=' + li.dataset.share),
              priceBand: ['typical', 'low', 'high', 'count'].map(
                  (n) => document.getElementById('profile-price-band').getAttribute('data-' + n)),
              recent: all('#profile-recent li').map((li) => li.dataset.itemId),
              path: text('recs-path'),
              recsModel: text('recs-model'),
              recsProfileEvents: text('recs-profile-events'),
              items: all('#recs-items tr').map((r) => r.dataset.itemId + '=' + r.querySelector('.score').dataset.value),
              parts: all('#recs-items tr').map((r) => Array.from(r.querySelectorAll('[data-part]'))
                  .map((p) => p.dataset.part + '=' + p.dataset.value).join(',')),
              model: text('rate-model')
            };""";

    private final FleetClient client;
    private final Set<String> vocabulary;

    DashboardScenario(FleetClient client, Set<String> vocabulary) {
        this.client = client;
        this.vocabulary = vocabulary;
    }

    /** Whether Debian's Chromium and driver are installed where this scenario looks for them. */
    static boolean browserInstalled() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /**
     * A shopper's profile and recommendations on the page equal the REST answers, and the page
     * follows a new event of theirs without being reloaded.
     *
     * @param like       generated events: the heaviest shopper whose last session has an item the
     *                   model knows is copied under a user id of this scenario's own, so the other
     *                   tests' users and counts are untouched
     * @param screenshot where the final page is saved
     */
    void pageShowsTheLiveProfileAndRecommendations(List<RawEvent> like, Path screenshot) throws Exception {
        String user = "dashboard-probe";
        List<RawEvent> history = copyOfHeaviestShopper(like, user);
        assertThat(client.oneByOne().send("/v1/events", history.iterator(), history.size(), 0, n -> { }).accepted())
                .isEqualTo(history.size());
        long events = history.size();
        await().atMost(Duration.ofSeconds(90)).until(() -> client.eventCount(user) == events);
        // Settled: the recommender holds the whole profile and the catalogue no longer moves the list.
        JsonNode view = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(
                () -> settledView(user), v -> v != null && v.path("profile").path("eventCount").asLong() == events);

        JsonNode recs = client.json(client.recommendationsUrl(user, K));
        assertThat(withoutTime(recs)).isEqualTo(withoutTime(view.path("recommendations")));
        assertThat(recs.path("items")).hasSize(K);
        assertThat(recs.path("path").asText()).startsWith("lstm");

        Path userData = Files.createTempDirectory("dashboard-chromium");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver browser = new ChromeDriver(service, options(userData));
        try {
            browser.get(client.baseUrl("recommender-service") + "/dashboard/?user="
                    + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&k=" + K);
            // The page loads without a key; its data needs a READER key, typed in as a user would.
            browser.findElement(By.id("api-key")).sendKeys(LocalDevelopmentKeys.READER);
            browser.findElement(By.cssSelector("#key-form button")).click();
            assertThat(browser.findElement(By.id("api-key")).getDomProperty("value")).isEmpty();
            assertThat(browser.getCurrentUrl()).doesNotContain(LocalDevelopmentKeys.READER);
            JsonNode profile = client.json(client.profileUrl(user));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(
                    () -> assertShows(shown(browser), profile, recs));

            // A new event of the shopper, in their last session: the open page follows it.
            RawEvent last = history.get(history.size() - 1);
            String first = profile.path("recentItems").get(0).asText();
            String next = vocabulary.stream().sorted().filter(i -> !i.equals(first)).findFirst().orElseThrow();
            RawEvent view2 = new RawEvent(1, "dashboard-new-1", user, last.sessionId(), EventType.VIEW, next, null, null,
                    null, null, null, null, null, null, Instant.now(), null, null);
            assertThat(client.oneByOne().send("/v1/events", List.of(view2).iterator(), 1, 0, n -> { }).accepted())
                    .isEqualTo(1);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(
                    () -> shown(browser).get("eventCount").equals(Long.toString(events + 1)));
            JsonNode viewAfter = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(
                    () -> settledView(user), v -> v != null && v.path("profile").path("eventCount").asLong() == events + 1);
            JsonNode after = client.json(client.profileUrl(user));
            assertThat(after.path("eventCount").asLong()).isEqualTo(events + 1);
            assertThat(after.path("recentItems").get(0).asText()).isEqualTo(next);
            // Asked once per state: each served answer is an impression, and a third would hide items.
            JsonNode recsAfter = client.json(client.recommendationsUrl(user, K));
            assertThat(withoutTime(recsAfter)).isEqualTo(withoutTime(viewAfter.path("recommendations")));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(
                    () -> assertShows(shown(browser), after, recsAfter));

            Files.createDirectories(screenshot.toAbsolutePath().getParent());
            Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), screenshot, StandardCopyOption.REPLACE_EXISTING);
            System.out.println("Dashboard screenshot: " + screenshot.toAbsolutePath());
        } finally {
            browser.quit();
            deleteRecursively(userData);
        }
    }

    static ChromeOptions options(Path userData) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + userData.toAbsolutePath(), "--window-size=1280,1300");
        return options;
    }

    /** The page against a profile (profile-updater's REST answer) and a recommendation answer. */
    private static void assertShows(Map<String, Object> page, JsonNode profile, JsonNode recs) {
        assertThat(page.get("userStatus")).as("error line").isEqualTo("");
        assertThat(page.get("profileShown")).isEqualTo(true);
        assertThat(page.get("eventCount")).isEqualTo(profile.path("eventCount").asText());
        assertThat(page.get("lastEvent")).isEqualTo(profile.path("lastEventTime").asText());
        assertThat(page.get("neuralVersion")).isEqualTo(profile.path("neural").path("modelVersion").asText());
        assertThat(page.get("neuralSteps")).isEqualTo(profile.path("neural").path("steps").asText());
        List<String> counts = new ArrayList<>();
        profile.path("counts").fields().forEachRemaining(f -> {
            if (f.getValue().asLong() > 0) {
                counts.add(f.getKey() + "=" + f.getValue().asLong());
            }
        });
        assertThat(page.get("counts")).isEqualTo(counts);
        // Shares and prices compared as numbers: the page keeps JavaScript's shortest exact form.
        List<String> categories = new ArrayList<>();
        profile.path("topCategories").fields().forEachRemaining(f -> categories.add(f.getKey() + "=" + f.getValue().asDouble()));
        assertThat(asDoubles((List<?>) page.get("categories"))).isEqualTo(categories);
        JsonNode band = profile.path("priceBand");
        assertThat(((List<?>) page.get("priceBand")).stream().map(v -> Double.parseDouble((String) v)).toList())
                .containsExactly(band.path("typical").asDouble(), band.path("low").asDouble(), band.path("high").asDouble(),
                        (double) band.path("count").asLong());
        List<String> recent = new ArrayList<>();
        profile.path("recentItems").forEach(i -> recent.add(i.asText()));
        assertThat(page.get("recent")).isEqualTo(recent.subList(0, Math.min(10, recent.size())));

        assertThat(page.get("path")).isEqualTo(recs.path("path").asText());
        assertThat(page.get("recsModel")).isEqualTo(recs.path("modelVersion").asText());
        assertThat(page.get("model")).isEqualTo(recs.path("modelVersion").asText());
        assertThat(page.get("recsProfileEvents")).isEqualTo(recs.path("profileEvents").asText());
        List<String> items = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        for (JsonNode item : recs.path("items")) {
            items.add(item.path("itemId").asText() + "=" + item.path("score").asDouble());
            parts.add(item.path("parts").properties().stream().map(p -> p.getKey() + "=" + p.getValue().asDouble())
                    .collect(Collectors.joining(",")));
        }
        assertThat(asDoubles((List<?>) page.get("items"))).isEqualTo(items);
        assertThat(((List<?>) page.get("parts")).stream().map(p -> ((String) p).isEmpty() ? List.<Object>of()
                : List.<Object>of(((String) p).split(","))).map(DashboardScenario::asDoubles)
                .map(l -> String.join(",", l)).toList()).isEqualTo(parts);
    }

    /** {@code name=number} entries with the number re-printed by Java, for exact comparison. */
    private static List<String> asDoubles(List<?> entries) {
        return entries.stream().map(e -> {
            String s = (String) e;
            int at = s.lastIndexOf('=');
            return s.substring(0, at) + "=" + Double.parseDouble(s.substring(at + 1));
        }).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> shown(ChromeDriver browser) {
        return (Map<String, Object>) ((JavascriptExecutor) browser).executeScript(SHOWN);
    }

    /**
     * The dashboard's JSON for the user, when two reads 2.5 s apart list the same items; else null.
     * Longer than the recommender's 1 s commit interval twice over: popularity reaches its catalogue
     * at the second commit after an event (repartition, then the cached statistics).
     */
    private JsonNode settledView(String user) throws IOException, InterruptedException {
        String url = client.baseUrl("recommender-service") + "/v1/dashboard/users/"
                + URLEncoder.encode(user, StandardCharsets.UTF_8) + "?k=" + K;
        JsonNode before = client.json(url);
        Thread.sleep(2500);
        JsonNode now = client.json(url);
        return withoutTime(before.path("recommendations")).equals(withoutTime(now.path("recommendations")))
                && before.path("profile").equals(now.path("profile")) ? now : null;
    }

    /** A recommendation answer without {@code generatedAt}, which differs between any two answers. */
    private static JsonNode withoutTime(JsonNode recommendations) {
        if (!(recommendations instanceof ObjectNode object)) {
            return recommendations;
        }
        ObjectNode copy = object.deepCopy();
        copy.remove("generatedAt");
        return copy;
    }

    /** The events of the heaviest shopper whose last session clicked an item the model knows, as {@code user}'s. */
    private List<RawEvent> copyOfHeaviestShopper(List<RawEvent> all, String user) {
        Map<String, List<RawEvent>> byUser = all.stream()
                .collect(Collectors.groupingBy(RawEvent::userId, LinkedHashMap::new, Collectors.toList()));
        List<RawEvent> source = byUser.values().stream().filter(this::lastSessionHasKnownItem)
                .max(Comparator.comparingInt(List::size)).orElseThrow();
        return source.stream().map(e -> new RawEvent(1, "dashboard-" + e.eventId(), user, e.sessionId(), e.type(),
                e.itemId(), e.category(), e.brand(), e.price(), e.currency(), e.quantity(), e.query(), e.reviewText(),
                e.rating(), e.timestamp(), null, null)).toList();
    }

    private boolean lastSessionHasKnownItem(List<RawEvent> mine) {
        String last = mine.get(mine.size() - 1).sessionId();
        return mine.stream().anyMatch(e -> e.sessionId().equals(last) && e.itemId() != null && vocabulary.contains(e.itemId()));
    }

    static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
