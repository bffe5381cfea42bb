package io.profilestream.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.profilestream.localstack.fleet.Fleet;
import io.profilestream.localstack.model.DemoRefit;
import io.profilestream.localstack.model.TrainerProcess;
import io.profilestream.model.event.EventType;
import io.profilestream.model.event.RawEvent;
import io.profilestream.model.serde.Json;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * New model versions reaching the running fleet without a restart: a next-item model exported
 * into the watched directory, and a segment model re-fitted from the live profiles.
 */
final class ModelScenarios {

    private final Fleet fleet;
    private final FleetClient client;
    private final List<RawEvent> events;
    private final Set<String> vocabulary;

    /**
     * @param events     the events sent so far (a new one of this scenario is appended)
     * @param vocabulary the items the served next-item model knows
     */
    ModelScenarios(Fleet fleet, FleetClient client, List<RawEvent> events, Set<String> vocabulary) {
        this.fleet = fleet;
        this.client = client;
        this.events = events;
        this.vocabulary = vocabulary;
    }

    /**
     * While recommendations are requested non-stop, version {@code next} (trained into
     * {@code exported}) is published into {@code models}: both services swap from {@code current}
     * to it, no request fails, and the next event of a shopper is stepped with it.
     */
    void nextItemModelIsSwappedInWithoutAFailedRequest(Path exported, Path models, String current, String next)
            throws Exception {
        String heavy = events.stream().collect(Collectors.groupingBy(RawEvent::userId, Collectors.counting())).entrySet().stream()
                .max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        String url = client.recommendationsUrl(heavy, 10);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger answered = new AtomicInteger();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        Set<String> versionsSeen = Collections.synchronizedSet(new HashSet<>());
        CompletableFuture<Void> traffic = CompletableFuture.runAsync(() -> {
            while (!stop.get()) {
                try {
                    HttpResponse<String> r = client.get(url);
                    if (r.statusCode() != 200) {
                        failures.add(r.statusCode() + " " + r.body());
                    } else {
                        versionsSeen.add(Json.mapper().readTree(r.body()).path("modelVersion").asText());
                        answered.incrementAndGet();
                    }
                } catch (Exception e) {
                    failures.add(e.toString());
                }
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> answered.get() > 0);
        // Exports appear atomically: copy under a dot name (ignored by the watchers), then rename.
        Path hidden = models.resolve("." + next + "-copy");
        Files.createDirectories(hidden);
        try (Stream<Path> files = Files.list(exported)) {
            for (Path f : files.toList()) {
                Files.copy(f, hidden.resolve(f.getFileName()));
            }
        }
        Files.move(hidden, models.resolve(next), StandardCopyOption.ATOMIC_MOVE);

        await().atMost(Duration.ofSeconds(60)).until(() -> client.servedVersion("recommender-service").equals(next)
                && client.servedVersion("profile-updater").equals(next));
        await().atMost(Duration.ofSeconds(30)).until(() -> versionsSeen.contains(next));
        stop.set(true);
        traffic.get();

        assertThat(failures).isEmpty();
        assertThat(answered.get()).isPositive();
        assertThat(versionsSeen).containsExactlyInAnyOrder(current, next);
        // A new event of the heavy user is stepped with the new version.
        RawEvent event = new RawEvent(1, "swap-1", heavy, "swap-session", EventType.VIEW, vocabulary.iterator().next(), null,
                null, null, null, null, null, null, null, Instant.now(), null, null);
        events.add(event);
        assertThat(client.sender().send("/v1/events", List.of(event).iterator(), 1, 0, n -> { }).accepted()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).until(
                () -> client.json(client.profileUrl(heavy)).path("neural").path("modelVersion").asText().equals(next));
    }

    /**
     * The nightly segment re-fit, run against the live fleet: the version it publishes is swapped in
     * by both services, and the dashboard's Segments and Demand panels show the released numbers
     * with their privacy facts in a real browser.
     */
    void segmentRefitIsSwappedInAndShownOnTheDashboard(DemoRefit refit, ChildProcesses trainers) throws Exception {
        TrainerProcess trainer = refit.start(FleetClient.home(), fleet.broker().bootstrapServers(),
                fleet.service("ingest-service").logFile().resolveSibling("refit-segments.log"), trainers);
        Path published = trainer.awaitPublished(Duration.ofMinutes(5));
        String version = published.getFileName().toString();
        assertThat(published.getParent()).isEqualTo(refit.segmentsDir());
        String user = FleetEvents.countsByUser(events).keySet().stream().sorted().findFirst().orElseThrow();
        await().atMost(Duration.ofSeconds(30)).until(() -> version.equals(
                client.json(client.profileUrl(user)).path("segment").path("modelVersion").asText())
                && version.equals(client.json(client.baseUrl("recommender-service") + "/v1/segments")
                        .path("modelVersion").asText()));
        JsonNode segments = client.json(client.baseUrl("recommender-service") + "/v1/segments");
        assertThat(segments.path("k").asInt()).isBetween(2, 5);
        assertThat(segments.path("segments")).hasSize(segments.path("k").asInt());

        Assumptions.assumeTrue(DashboardScenario.browserInstalled(), DashboardScenario.INSTALL_HINT);
        String category = events.stream().map(RawEvent::category).filter(Objects::nonNull)
                .collect(Collectors.groupingBy(c -> c, Collectors.counting()))
                .entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        new DashboardPanelsScenario(client).panelsShowSegmentsAndDemandWithTheirPrivacyNotes(user, version, category,
                Path.of("target", "dashboard-panels.png"));
    }
}
