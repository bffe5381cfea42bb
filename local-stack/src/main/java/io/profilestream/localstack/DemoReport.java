package io.profilestream.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.profilestream.model.config.PrivacyProperties;
import io.profilestream.model.event.EventType;
import io.profilestream.model.event.RawEvent;
import io.profilestream.model.privacy.Pseudonymizer;
import io.profilestream.model.security.LocalDevelopmentKeys;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Waits for a user's profile to include all their events, then shows it and their recommendations. */
final class DemoReport {

    /** The score parts printed, in this order (the response has all of them; curl shows the rest). */
    private static final List<String> SHOWN_PARTS = List.of("lstm_score", "vsknn_score", "in_session", "log_popularity",
            "categoryAffinity", "brandAffinity", "popularity");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    // The local stack runs the services with the local profile, i.e. the public development key.
    private final Pseudonymizer pseudonymizer = Pseudonymizer.fromProperties(new PrivacyProperties("", "k1"), true);
    private final String profilesUrl;
    private final String profilesHealthUrl;
    private final String recommenderUrl;

    DemoReport(String profilesUrl, String profilesHealthUrl, String recommenderUrl) {
        this.profilesUrl = profilesUrl;
        this.profilesHealthUrl = profilesHealthUrl;
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

    /**
     * Polls the user's recommendations until they name {@code version} as their model (any model
     * when null); returns that response, or empty on timeout.
     */
    Optional<JsonNode> awaitModel(String userId, String version, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Optional<JsonNode> r = get(recommendationsUrl(userId, 5)).filter(j -> {
                String served = j.path("modelVersion").asText("");
                return version == null ? !served.isEmpty() : version.equals(served);
            });
            if (r.isPresent()) {
                return r;
            }
            Thread.sleep(250);
        }
        return Optional.empty();
    }

    /**
     * Polls the profile-updater's health until its {@code model} component names {@code version}:
     * events it processes before that get no LSTM step.
     */
    boolean awaitProfileUpdaterModel(String version, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (get(profilesHealthUrl)
                    .filter(h -> version.equals(h.path("components").path("model").path("details").path("version").asText()))
                    .isPresent()) {
                return true;
            }
            Thread.sleep(250);
        }
        return false;
    }

    /**
     * Polls {@code GET /v1/segments} until it answers model {@code version} and the user's profile
     * is placed by it; returns the answer, or empty on timeout.
     */
    Optional<JsonNode> awaitSegments(String userId, String version, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Optional<JsonNode> segments = get(recommenderUrl + "/v1/segments")
                    .filter(j -> version.equals(j.path("modelVersion").asText()));
            if (segments.isPresent() && get(profilesUrl + "/v1/profiles/" + pseudonym(userId))
                    .filter(p -> version.equals(p.path("segment").path("modelVersion").asText())).isPresent()) {
                return segments;
            }
            Thread.sleep(250);
        }
        return Optional.empty();
    }

    /** The segments as released (sizes and descriptions are differentially private), and the user's one. */
    void printSegments(JsonNode segments, String userId, PrintStream out) {
        JsonNode privacy = segments.path("privacy");
        out.printf(Locale.ROOT, "%nSegments (model %s, re-fitted from the profiles; sizes and descriptions released "
                + "with %s noise, epsilon %s in %d releases):%n", segments.path("modelVersion").asText(),
                String.join(", ", Json.mapper().convertValue(privacy.path("mechanisms"), String[].class)),
                privacy.path("epsilon").asText(), privacy.path("releases").size());
        for (JsonNode segment : segments.path("segments")) {
            out.printf("  %s. ~%s users: %s%n", segment.path("id").asText(), segment.path("size").asText(),
                    segment.path("description").asText());
        }
        get(profilesUrl + "/v1/profiles/" + pseudonym(userId)).map(p -> p.path("segment")).filter(JsonNode::isObject)
                .ifPresent(s -> out.printf("  %s is in segment %s%n", userId, s.path("id").asText()));
    }

    /**
     * VIEW events, in a new session, of up to {@code n} of the user's current top recommendations
     * that the model knows (an item outside its vocabulary would not advance the LSTM).
     */
    List<RawEvent> clickRecommendations(String userId, int n, String sessionId, java.util.Set<String> known) {
        List<RawEvent> clicks = new ArrayList<>();
        get(recommendationsUrl(userId, 50)).ifPresent(r -> {
            for (JsonNode item : r.path("items")) {
                if (clicks.size() == n || (!known.isEmpty() && !known.contains(item.path("itemId").asText()))) {
                    continue;
                }
                clicks.add(new RawEvent(RawEvent.CURRENT_SCHEMA_VERSION, sessionId + "-" + clicks.size(), userId, sessionId,
                        EventType.VIEW, item.path("itemId").asText(), null, null, null, null, null, null, null, null,
                        Instant.now(), null, null));
            }
        });
        return clicks;
    }

    void print(String userId, PrintStream out) {
        String key = pseudonym(userId);
        get(profilesUrl + "/v1/profiles/" + key).ifPresent(p -> {
            out.printf("%nProfile of %s (pseudonym %s...):%n", userId, key.substring(0, 12));
            out.printf("  events %s, sessions %s, counts %s%n", p.path("eventCount"), p.path("sessionCount"), p.path("counts"));
            out.printf("  top categories %s%n", p.path("topCategories"));
            out.printf("  top brands     %s%n", p.path("topBrands"));
            JsonNode neural = p.path("neural");
            if (neural.isObject()) {
                out.printf("  neural state   model %s, %s LSTM steps in the current session%n", neural.path("modelVersion").asText(),
                        neural.path("steps"));
            }
        });
        get(recommendationsUrl(userId, 5)).ifPresent(r -> {
            String path = r.path("path").asText(r.path("strategy").asText());
            String version = r.path("modelVersion").asText("");
            out.printf("%nTop 5 recommendations (path %s, model %s):%n", path, version.isEmpty() ? "none" : version);
            for (JsonNode item : r.path("items")) {
                StringBuilder parts = new StringBuilder();
                int shown = 0;
                for (String name : SHOWN_PARTS) {
                    if (item.path("parts").has(name) && shown++ < 4) {
                        parts.append(parts.length() == 0 ? "" : ", ").append(name).append(' ')
                                .append(String.format(Locale.ROOT, "%.3f", item.path("parts").path(name).asDouble()));
                    }
                }
                if (item.path("parts").size() > shown) {
                    parts.append(", ... ").append(item.path("parts").size() - shown).append(" more");
                }
                out.printf(Locale.ROOT, "  %-10s %-34s %-12s score %.4f  (%s)%n",
                        item.path("itemId").asText(), item.path("category").asText(), item.path("brand").asText(),
                        item.path("score").asDouble(), parts);
            }
        });
    }

    private String recommendationsUrl(String userId, int k) {
        return recommenderUrl + "/v1/recommendations/" + URLEncoder.encode(userId, StandardCharsets.UTF_8) + "?k=" + k;
    }

    private Optional<JsonNode> get(String url) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                            .header(LocalDevelopmentKeys.HEADER, LocalDevelopmentKeys.READER).GET().build(),
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
