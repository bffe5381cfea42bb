package io.profilestream.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.profilestream.generator.ClickstreamGenerator;
import io.profilestream.generator.GeneratorSettings;
import io.profilestream.localstack.ChildProcesses;
import io.profilestream.localstack.fleet.Fleet;
import io.profilestream.localstack.model.DemoHistory;
import io.profilestream.localstack.model.DemoModel;
import io.profilestream.localstack.model.DemoRefit;
import io.profilestream.localstack.model.TrainerProcess;
import io.profilestream.localstack.traffic.SendResult;
import io.profilestream.localstack.traffic.TrafficSender;
import io.profilestream.model.event.EventType;
import io.profilestream.model.event.RawEvent;
import io.profilestream.model.privacy.Pseudonymizer;
import io.profilestream.model.security.LocalDevelopmentKeys;
import io.profilestream.model.serde.Json;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole fleet on a real KRaft broker, started exactly as {@code bin/profilestream-local}
 * starts it (child JVMs from the runnable jars, loopback only, a model trained by the trainer CLI
 * while the fleet starts): events in over HTTP, exact profiles and recommendations out over HTTP,
 * a model hot-swapped during traffic, the profile-updater restarted on its state, and the
 * recommender's dashboard page in headless Chromium.
 *
 * <p>Ordered: the hot swap and the restart change what later assertions would see, so they run last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalFleetIT {

    private static final Pseudonymizer PSEUDONYMS = FleetClient.PSEUDONYMS;
    /** Seconds-scale training: the tests need real artifacts of the catalogue, not good ones. */
    private static final List<String> TINY_TRAINING = List.of("--epochs", "2", "--hidden-size", "32", "--embedding-size", "16",
            "--negatives", "128", "--ranker-epochs", "2", "--ranker-max-positions", "500", "--candidates", "30", "--patience", "0");
    private static final String V1 = "it-1";
    private static final String V2 = "it-2";

    private static Fleet fleet;
    private static FleetClient client;
    private static ChildProcesses trainers;
    private static ClickstreamGenerator generator;
    private static List<RawEvent> events;
    private static Path models;
    private static Set<String> vocabulary;
    private static CompletableFuture<Path> secondModel;
    private static DemoRefit refit;

    @BeforeAll
    static void startFleet() throws Exception {
        Path home = FleetClient.home();
        Path dataDir = Files.createTempDirectory("fleet-it");
        Map<String, Integer> ports = Fleet.freePorts();
        GeneratorSettings settings = GeneratorSettings.defaults(2026, 60, 400).withStart(Instant.now().minusSeconds(7200));
        // The model trains while the fleet starts, as in the demo: the services start without one.
        Path history = dataDir.resolve("history.tsv");
        DemoHistory.write(history, settings, 77, 6000, false, settings.start());
        models = Files.createDirectories(dataDir.resolve("models"));
        trainers = new ChildProcesses().installShutdownHook();
        TrainerProcess first = TrainerProcess.start(home, history, models, withLabel(V1, 1),
                dataDir.resolve("logs").resolve("trainer-1.log"), trainers);
        refit = DemoRefit.under(dataDir);
        List<String> modelArgs = new ArrayList<>(List.of("--profilestream.model.dir=" + models.toAbsolutePath(),
                "--profilestream.model.poll-interval=500ms"));
        // Both model services follow the segments directory the re-fit publishes into (empty until then).
        modelArgs.addAll(refit.serviceArgs(Duration.ofMillis(500)).get(DemoModel.MODEL_SERVICES.get(0)));
        fleet = Fleet.start(home, dataDir, ports, 2,
                Map.of(DemoModel.MODEL_SERVICES.get(0), modelArgs, DemoModel.MODEL_SERVICES.get(1), modelArgs),
                new PrintStream(System.out, true));
        client = new FleetClient(fleet);
        assertThat(first.awaitExported(Duration.ofMinutes(5))).isEqualTo(models.resolve(V1));
        vocabulary = Set.copyOf(Files.readAllLines(models.resolve(V1).resolve("vocabulary.txt")));
        // The next version trains in the background, outside the watched directory, for the hot swap.
        Path staging = Files.createDirectories(dataDir.resolve("staging"));
        TrainerProcess second = TrainerProcess.start(home, history, staging, withLabel(V2, 2),
                dataDir.resolve("logs").resolve("trainer-2.log"), trainers);
        secondModel = CompletableFuture.supplyAsync(() -> {
            try {
                return second.awaitExported(Duration.ofMinutes(5));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // Profiles get neural states only for events stepped with a model: wait until both serve it.
        await().atMost(Duration.ofSeconds(60)).until(() -> client.servedVersion("profile-updater").equals(V1)
                && client.servedVersion("recommender-service").equals(V1));

        generator = new ClickstreamGenerator(settings, "it");
        events = new ArrayList<>(generator.take(3000));
        TrafficSender sender = client.sender();
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
        if (trainers != null) {
            trainers.close();
        }
    }

    private static List<String> withLabel(String version, long seed) {
        List<String> args = new ArrayList<>(TINY_TRAINING);
        args.addAll(List.of("--version-label", version, "--seed", Long.toString(seed)));
        return args;
    }

    @Test
    @Order(1)
    void shouldBuildProfilesWithExactlyTheEventCountsOfEveryUser() throws Exception {
        Map<String, Map<EventType, Long>> expected = FleetEvents.countsByUser(events);

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (var entry : expected.entrySet()) {
                JsonNode profile = client.json(client.profileUrl(entry.getKey()));
                assertThat(FleetEvents.countsOf(profile)).as("counts of %s", entry.getKey()).isEqualTo(entry.getValue());
            }
        });
        JsonNode anyProfile = client.json(client.profileUrl(events.get(0).userId()));
        assertThat(anyProfile.path("userKey").asText()).isEqualTo(PSEUDONYMS.user(events.get(0).userId()));
        assertThat(anyProfile.toString()).doesNotContain(events.get(0).userId());
    }

    @Test
    @Order(2)
    void shouldIgnoreResentEventsEndToEnd() throws Exception {
        // A user of its own, so the other tests' exact counts are untouched.
        String user = "dedupe-probe";
        List<RawEvent> ofUser = events.subList(0, 10).stream()
                .map(e -> new RawEvent(1, "dup-" + e.eventId(), user, e.sessionId(), e.type(), e.itemId(), e.category(),
                        e.brand(), e.price(), e.currency(), e.quantity(), e.query(), e.reviewText(), e.rating(),
                        e.timestamp(), null, null))
                .toList();
        TrafficSender oneByOne = client.oneByOne();
        assertThat(oneByOne.send("/v1/events", ofUser.iterator(), ofUser.size(), 0, n -> { }).accepted()).isEqualTo(10);
        await().atMost(Duration.ofSeconds(60)).until(() -> client.eventCount(user) == 10);

        RawEvent fresh = new RawEvent(1, "dup-fresh-1", user, "fresh-session", EventType.VIEW, ofUser.get(0).itemId(),
                null, null, null, null, null, null, null, null, Instant.now(), null, null);
        List<RawEvent> resendThenFresh = new java.util.ArrayList<>(ofUser);
        resendThenFresh.add(fresh);
        assertThat(oneByOne.send("/v1/events", resendThenFresh.iterator(), resendThenFresh.size(), 0, n -> { }).accepted())
                .isEqualTo(11);

        // Same key, same partition: the fresh event is applied after every resent one.
        await().atMost(Duration.ofSeconds(60)).until(() -> client.eventCount(user) >= 11);
        assertThat(client.eventCount(user)).isEqualTo(11);
    }

    @Test
    @Order(3)
    void shouldRecommendFromTheNeuralPathOfTheLoadedModelWithoutItemsTheUserBought() throws Exception {
        Map<String, Set<String>> bought = new HashMap<>();
        events.stream().filter(e -> e.type() == EventType.PURCHASE)
                .forEach(e -> bought.computeIfAbsent(e.userId(), u -> new HashSet<>()).add(e.itemId()));
        // The heaviest buyer whose last session clicked an item the model knows, so it has a state.
        String buyer = bought.entrySet().stream().filter(b -> lastSessionHasKnownItem(b.getKey()))
                .max(Map.Entry.comparingByValue((a, b) -> a.size() - b.size())).orElseThrow().getKey();
        long expected = events.stream().filter(e -> e.userId().equals(buyer)).count();
        await().atMost(Duration.ofSeconds(120)).until(() -> client.eventCount(buyer) >= expected);

        JsonNode recs = await().atMost(Duration.ofSeconds(60)).until(
                () -> client.json(client.recommendationsUrl(buyer, 20)),
                r -> r.path("profileEvents").asLong() == expected && r.path("items").size() == 20);

        assertThat(recs.path("path").asText()).startsWith("lstm");
        assertThat(recs.path("modelVersion").asText()).isEqualTo(V1);
        assertThat(recs.path("strategy").asText()).isEqualTo("neural");
        assertThat(recs.path("fallback").asBoolean()).isFalse();
        assertThat(recs.path("userKey").asText()).isEqualTo(PSEUDONYMS.user(buyer));
        assertThat(client.json(client.profileUrl(buyer)).path("neural").path("modelVersion").asText()).isEqualTo(V1);
        for (JsonNode item : recs.path("items")) {
            assertThat(bought.get(buyer)).doesNotContain(item.path("itemId").asText());
        }
        assertThat(recs.path("items").get(0).path("parts").has("lstm_score")).isTrue();
        assertThat(recs.path("items").get(0).path("score").asDouble())
                .isGreaterThanOrEqualTo(recs.path("items").get(19).path("score").asDouble());
    }

    @Test
    @Order(4)
    void shouldServePopularItemsFlaggedAsFallbackToUnknownUsers() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(
                () -> client.json(client.recommendationsUrl("nobody-at-all", 5))
                        .path("items").size() == 5);
        JsonNode recs = client.json(client.recommendationsUrl("nobody-at-all", 5));

        assertThat(recs.path("strategy").asText()).isEqualTo("popular");
        assertThat(recs.path("fallback").asBoolean()).isTrue();
    }

    @Test
    @Order(5)
    void shouldAnswerInvalidEventsWithProblemDetails() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                        URI.create(client.baseUrl("ingest-service") + "/v1/events"))
                .header("Content-Type", "application/json")
                .header(LocalDevelopmentKeys.HEADER, LocalDevelopmentKeys.PRODUCER)
                .POST(HttpRequest.BodyPublishers.ofString("{\"eventId\":\"x\",\"type\":\"view\",\"itemId\":\"p1\"}")).build());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/problem+json"));
        JsonNode problem = Json.mapper().readTree(response.body());
        assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo("userId");
    }

    @Test
    @Order(6)
    void shouldSwapInANewModelVersionInBothServicesWithoutRestartOrFailedRequest() throws Exception {
        models().nextItemModelIsSwappedInWithoutAFailedRequest(secondModel.get(), models, V1, V2);
    }

    @Test
    @Order(7)
    void shouldKeepExactCountsAndContinueTheNeuralStateAcrossAProfileUpdaterRestart() throws Exception {
        String user = "restart-probe";
        List<String> known = vocabulary.stream().sorted().limit(5).toList();
        List<RawEvent> before = List.of(FleetEvents.probeEvent(user, 1, EventType.VIEW, known.get(0)),
                FleetEvents.probeEvent(user, 2, EventType.VIEW, known.get(1)), FleetEvents.probeEvent(user, 3, EventType.SEARCH, null),
                FleetEvents.probeEvent(user, 4, EventType.VIEW, "not-in-the-model"), FleetEvents.probeEvent(user, 5, EventType.ADD_TO_CART, known.get(0)),
                FleetEvents.probeEvent(user, 6, EventType.VIEW, known.get(2)));
        TrafficSender oneByOne = client.oneByOne();
        assertThat(oneByOne.send("/v1/events", before.iterator(), before.size(), 0, n -> { }).accepted()).isEqualTo(6);
        await().atMost(Duration.ofSeconds(60)).until(() -> client.eventCount(user) == 6);
        assertThat(client.json(client.profileUrl(user)).path("neural").path("steps").asInt()).isEqualTo(4);

        fleet.restart("profile-updater");

        List<RawEvent> after = List.of(FleetEvents.probeEvent(user, 7, EventType.VIEW, known.get(3)),
                FleetEvents.probeEvent(user, 8, EventType.SEARCH, null), FleetEvents.probeEvent(user, 9, EventType.VIEW, known.get(4)),
                FleetEvents.probeEvent(user, 10, EventType.PURCHASE, known.get(3)));
        assertThat(oneByOne.send("/v1/events", after.iterator(), after.size(), 0, n -> { }).accepted()).isEqualTo(4);
        // More traffic of the generated shoppers too: their restored profiles must keep counting exactly.
        List<RawEvent> more = generator.take(500);
        events.addAll(more);
        assertThat(client.sender().send("/v1/events", more.iterator(), more.size(), 0, n -> { }).accepted()).isEqualTo(500);

        await().atMost(Duration.ofSeconds(120)).until(() -> client.eventCount(user) >= 10);
        JsonNode profile = client.json(client.profileUrl(user));
        assertThat(profile.path("eventCount").asLong()).isEqualTo(10);
        assertThat(FleetEvents.countsOf(profile)).isEqualTo(Map.of(EventType.VIEW, 6L, EventType.SEARCH, 2L, EventType.ADD_TO_CART, 1L,
                EventType.PURCHASE, 1L));
        JsonNode neural = profile.path("neural");
        assertThat(neural.path("modelVersion").asText()).isEqualTo(V2);
        assertThat(neural.path("steps").asInt()).isEqualTo(7);
        List<String> sessionItems = new ArrayList<>();
        neural.path("sessionItems").forEach(i -> sessionItems.add(i.asText()));
        assertThat(sessionItems).containsExactly(known.get(0), known.get(1), known.get(0), known.get(2), known.get(3),
                known.get(4), known.get(3));

        Map<String, Map<EventType, Long>> expected = FleetEvents.countsByUser(events);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (var entry : expected.entrySet()) {
                assertThat(FleetEvents.countsOf(client.json(client.profileUrl(entry.getKey())))).as("counts of %s", entry.getKey())
                        .isEqualTo(entry.getValue());
            }
        });
    }

    @Test
    @Order(8)
    void shouldShowALiveProfileAndItsRecommendationsOnTheDashboardInHeadlessChromium() throws Exception {
        Assumptions.assumeTrue(DashboardScenario.browserInstalled(), DashboardScenario.INSTALL_HINT);
        new DashboardScenario(client, vocabulary).pageShowsTheLiveProfileAndRecommendations(events,
                Path.of("target", "dashboard.png"));
    }

    /**
     * The nightly segment re-fit, run against the live fleet: the version it publishes is swapped in
     * by both services (no restart), and the dashboard's Segments and Demand panels show the released
     * numbers with their privacy facts in a real browser.
     */
    @Test
    @Order(8)
    void shouldSwapInARefittedSegmentModelAndShowItAndDemandOnTheDashboard() throws Exception {
        models().segmentRefitIsSwappedInAndShownOnTheDashboard(refit, trainers);
    }

    /** After the neural, dashboard and traffic tests, so every queried series has samples. */
    @Test
    @Order(9)
    void shouldExportEverySeriesTheGrafanaDashboardQueries() throws Exception {
        MetricsScrape.assertDashboardSeriesExported(client, FleetClient.home());
    }

    @Test
    @Order(10)
    void shouldDeleteTheProfileInEveryServiceWhenTheUserWithdrawsConsent() throws Exception {
        privacy().consentWithdrawalDeletesTheProfileEverywhere();
    }

    @Test
    @Order(11)
    void shouldLeaveNoRawIdOrPersonalDataInAnyTopicDownstreamOfThePrivacyFilter() throws Exception {
        privacy().noRawIdOrPersonalDataLeavesTheFilter();
    }

    @Test
    @Order(12)
    void shouldEraseTheUserInEveryServiceConfirmItAndRefuseLateEvents() throws Exception {
        privacy().erasureRemovesTheUserEverywhereAndRefusesLateEvents();
    }

    /** Last: it restarts the filter and the recommender with a rotated key. */
    @Test
    @Order(13)
    void shouldContinueProfilesAcrossAKeyRotationForUsersWhoKeepShopping() throws Exception {
        privacy().rotationContinuesTheProfilesOfUsersWhoKeepShopping();
    }

    private static ModelScenarios models() {
        return new ModelScenarios(fleet, client, events, vocabulary);
    }

    private static PrivacyScenarios privacy() {
        return new PrivacyScenarios(fleet, client, events.get(0).itemId());
    }

    private static boolean lastSessionHasKnownItem(String userId) {
        List<RawEvent> mine = events.stream().filter(e -> e.userId().equals(userId)).toList();
        String last = mine.get(mine.size() - 1).sessionId();
        return mine.stream().anyMatch(e -> e.sessionId().equals(last) && e.itemId() != null && vocabulary.contains(e.itemId()));
    }
}
