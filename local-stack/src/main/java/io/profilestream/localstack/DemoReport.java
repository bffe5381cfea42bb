package io.profilestream.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.profilestream.model.config.PrivacyProperties;
import io.profilestream.model.privacy.Pseudonymizer;
import io.profilestream.model.serde.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Waits for a user's profile to include all their events, then shows it and their recommendations. */
final class DemoReport {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    // The local stack runs the services with the local profile, i.e. the public development key.
    private final Pseudonymizer pseudonymizer = Pseudonymizer.fromProperties(new PrivacyProperties("", "k1"), true);
    private final String profilesUrl;
    private final String recommenderUrl;

    DemoReport(String profilesUrl, String recommenderUrl) {
        this.profilesUrl = profilesUrl;
        this.recommenderUrl = recommenderUrl;
    }

    String pseudonym(String userId) {
        return pseudonymizer.user(userId);
    }

    /**
     * Polls until both the profile-updater's profile and the profile the recommender ranks with
     * include {@code expected} events; returns how long that took, or empty on timeout.
     */
    Optional<Duration> awaitProfile(String userId, long expected, Duration timeout) throws InterruptedException {
        Instant start = Instant.now();
        Instant deadline = start.plus(timeout);
        String recommendations = recommenderUrl + "/v1/recommendations/" + URLEncoder.encode(userId, StandardCharsets.UTF_8) + "?k=1";
        while (Instant.now().isBefore(deadline)) {
            boolean profiled = get(profilesUrl + "/v1/profiles/" + pseudonym(userId))
                    .filter(p -> p.path("eventCount").asLong() >= expected).isPresent();
            if (profiled && get(recommendations).filter(r -> r.path("profileEvents").asLong() >= expected).isPresent()) {
                return Optional.of(Duration.between(start, Instant.now()));
            }
            Thread.sleep(200);
        }
        return Optional.empty();
    }

    void print(String userId, PrintStream out) {
        String key = pseudonym(userId);
        get(profilesUrl + "/v1/profiles/" + key).ifPresent(p -> {
            out.printf("%nProfile of %s (pseudonym %s...):%n", userId, key.substring(0, 12));
            out.printf("  events %s, sessions %s, counts %s%n", p.path("eventCount"), p.path("sessionCount"), p.path("counts"));
            out.printf("  top categories %s%n", p.path("topCategories"));
            out.printf("  top brands     %s%n", p.path("topBrands"));
        });
        get(recommenderUrl + "/v1/recommendations/" + URLEncoder.encode(userId, StandardCharsets.UTF_8) + "?k=5").ifPresent(r -> {
            out.printf("%nTop 5 recommendations (strategy %s):%n", r.path("strategy").asText());
            for (JsonNode item : r.path("items")) {
                out.printf("  %-10s %-34s %-12s score %.4f  (category %.3f, brand %.3f, popularity %.3f)%n",
                        item.path("itemId").asText(), item.path("category").asText(), item.path("brand").asText(),
                        item.path("score").asDouble(), item.path("parts").path("categoryAffinity").asDouble(),
                        item.path("parts").path("brandAffinity").asDouble(), item.path("parts").path("popularity").asDouble());
            }
        });
    }

    private Optional<JsonNode> get(String url) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(Json.mapper().readTree(response.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
