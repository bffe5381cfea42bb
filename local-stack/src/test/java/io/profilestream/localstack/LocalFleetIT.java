package io.profilestream.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.profilestream.generator.ClickstreamGenerator;
import io.profilestream.generator.GeneratorSettings;
import io.profilestream.localstack.fleet.Fleet;
import io.profilestream.localstack.traffic.SendResult;
import io.profilestream.localstack.traffic.TrafficSender;
import io.profilestream.model.config.PrivacyProperties;
import io.profilestream.model.event.EventType;
import io.profilestream.model.event.RawEvent;
import io.profilestream.model.privacy.Pseudonymizer;
import io.profilestream.model.serde.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole fleet on a real KRaft broker, started exactly as {@code bin/profilestream-local}
 * starts it (child JVMs from the runnable jars, loopback only): events in over HTTP, exact
 * profiles and recommendations out over HTTP.
 */
class LocalFleetIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pseudonymizer PSEUDONYMS = Pseudonymizer.fromProperties(new PrivacyProperties("", "k1"), true);

    private static Fleet fleet;
    private static List<RawEvent> events;

    @BeforeAll
    static void startFleet() throws Exception {
        Path home = Path.of(System.getProperty("profilestream.home", "..")).toAbsolutePath().normalize();
        Path dataDir = Files.createTempDirectory("fleet-it");
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String name : Fleet.defaultPorts().keySet()) {
            ports.put(name, freePort());
        }
        fleet = Fleet.start(home, dataDir, ports, 2, new PrintStream(System.out, true));

        GeneratorSettings settings = GeneratorSettings.defaults(2026, 60, 400).withStart(Instant.now().minusSeconds(7200));
        ClickstreamGenerator generator = new ClickstreamGenerator(settings, "it");
        events = generator.take(3000);
        TrafficSender sender = sender();
        var items = generator.catalogue().asItemUpdates("EUR", Instant.now());
        assertThat(sender.send("/v1/items", items.iterator(), items.size(), 0, n -> { }).accepted()).isEqualTo(400);
        SendResult sent = sender.send("/v1/events", events.iterator(), events.size(), 0, n -> { });
        assertThat(sent.accepted()).isEqualTo(3000);
        assertThat(sent.rejected()).isZero();
    }

    @AfterAll
    static void stopFleet() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void shouldBuildProfilesWithExactlyTheEventCountsOfEveryUser() throws Exception {
        Map<String, Map<EventType, Long>> expected = countsByUser(events);

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (var entry : expected.entrySet()) {
                JsonNode profile = getJson(profileUrl(entry.getKey()));
                assertThat(countsOf(profile)).as("counts of %s", entry.getKey()).isEqualTo(entry.getValue());
            }
        });
        JsonNode anyProfile = getJson(profileUrl(events.get(0).userId()));
        assertThat(anyProfile.path("userKey").asText()).isEqualTo(PSEUDONYMS.user(events.get(0).userId()));
        assertThat(anyProfile.toString()).doesNotContain(events.get(0).userId());
    }

    @Test
    void shouldIgnoreResentEventsEndToEnd() throws Exception {
        // A user of its own, so the other tests' exact counts are untouched.
        String user = "dedupe-probe";
        List<RawEvent> ofUser = events.subList(0, 10).stream()
                .map(e -> new RawEvent(1, "dup-" + e.eventId(), user, e.sessionId(), e.type(), e.itemId(), e.category(),
                        e.brand(), e.price(), e.currency(), e.quantity(), e.query(), e.reviewText(), e.rating(),
                        e.timestamp(), null, null))
                .toList();
        TrafficSender oneByOne = new TrafficSender(fleet.service("ingest-service").baseUrl(), 500, 1);
        assertThat(oneByOne.send("/v1/events", ofUser.iterator(), ofUser.size(), 0, n -> { }).accepted()).isEqualTo(10);
        await().atMost(Duration.ofSeconds(60)).until(() -> eventCount(user) == 10);

        RawEvent fresh = new RawEvent(1, "dup-fresh-1", user, "fresh-session", EventType.VIEW, ofUser.get(0).itemId(),
                null, null, null, null, null, null, null, null, Instant.now(), null, null);
        List<RawEvent> resendThenFresh = new java.util.ArrayList<>(ofUser);
        resendThenFresh.add(fresh);
        assertThat(oneByOne.send("/v1/events", resendThenFresh.iterator(), resendThenFresh.size(), 0, n -> { }).accepted())
                .isEqualTo(11);

        // Same key, same partition: the fresh event is applied after every resent one.
        await().atMost(Duration.ofSeconds(60)).until(() -> eventCount(user) >= 11);
        assertThat(eventCount(user)).isEqualTo(11);
    }

    @Test
    void shouldRecommendByAffinityWithoutItemsTheUserBought() throws Exception {
        Map<String, Set<String>> bought = new HashMap<>();
        events.stream().filter(e -> e.type() == EventType.PURCHASE)
                .forEach(e -> bought.computeIfAbsent(e.userId(), u -> new HashSet<>()).add(e.itemId()));
        String buyer = bought.entrySet().stream().max(Map.Entry.comparingByValue((a, b) -> a.size() - b.size()))
                .orElseThrow().getKey();
        long expected = events.stream().filter(e -> e.userId().equals(buyer)).count();
        await().atMost(Duration.ofSeconds(120)).until(() -> eventCount(buyer) >= expected);

        JsonNode recs = await().atMost(Duration.ofSeconds(60)).until(
                () -> getJson(fleet.service("recommender-service").baseUrl() + "/v1/recommendations/" + buyer + "?k=20"),
                r -> r.path("profileEvents").asLong() == expected && r.path("items").size() == 20);

        assertThat(recs.path("strategy").asText()).isEqualTo("affinity-popularity");
        assertThat(recs.path("fallback").asBoolean()).isFalse();
        assertThat(recs.path("userKey").asText()).isEqualTo(PSEUDONYMS.user(buyer));
        for (JsonNode item : recs.path("items")) {
            assertThat(bought.get(buyer)).doesNotContain(item.path("itemId").asText());
            assertThat(item.path("parts").has("categoryAffinity")).isTrue();
            assertThat(item.path("parts").has("popularity")).isTrue();
        }
        assertThat(recs.path("items").get(0).path("score").asDouble())
                .isGreaterThanOrEqualTo(recs.path("items").get(19).path("score").asDouble());
    }

    @Test
    void shouldServePopularItemsFlaggedAsFallbackToUnknownUsers() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(
                () -> getJson(fleet.service("recommender-service").baseUrl() + "/v1/recommendations/nobody-at-all?k=5")
                        .path("items").size() == 5);
        JsonNode recs = getJson(fleet.service("recommender-service").baseUrl() + "/v1/recommendations/nobody-at-all?k=5");

        assertThat(recs.path("strategy").asText()).isEqualTo("popular");
        assertThat(recs.path("fallback").asBoolean()).isTrue();
    }

    @Test
    void shouldAnswerInvalidEventsWithProblemDetails() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create(fleet.service("ingest-service").baseUrl() + "/v1/events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"eventId\":\"x\",\"type\":\"view\",\"itemId\":\"p1\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/problem+json"));
        JsonNode problem = Json.mapper().readTree(response.body());
        assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo("userId");
    }

    private static Map<String, Map<EventType, Long>> countsByUser(List<RawEvent> all) {
        return all.stream().collect(Collectors.groupingBy(RawEvent::userId,
                Collectors.groupingBy(RawEvent::type, () -> new EnumMap<>(EventType.class), Collectors.counting())));
    }

    private static Map<EventType, Long> countsOf(JsonNode profile) {
        Map<EventType, Long> counts = new EnumMap<>(EventType.class);
        profile.path("counts").fields().forEachRemaining(f ->
                counts.put(EventType.fromWireName(f.getKey()).orElseThrow(), f.getValue().asLong()));
        return counts;
    }

    private static long eventCount(String userId) throws Exception {
        return getJson(profileUrl(userId)).path("eventCount").asLong(-1);
    }

    private static String profileUrl(String userId) {
        return fleet.service("profile-updater").baseUrl() + "/v1/profiles/" + PSEUDONYMS.user(userId);
    }

    private static JsonNode getJson(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return Json.mapper().readTree(r.body());
    }

    private static TrafficSender sender() {
        return new TrafficSender(fleet.service("ingest-service").baseUrl(), 250, 2);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
