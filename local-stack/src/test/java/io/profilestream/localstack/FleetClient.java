package io.profilestream.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.profilestream.localstack.fleet.Fleet;
import io.profilestream.localstack.traffic.TrafficSender;
import io.profilestream.model.config.PrivacyProperties;
import io.profilestream.model.privacy.Pseudonymizer;
import io.profilestream.model.security.LocalDevelopmentKeys;
import io.profilestream.model.serde.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * What the end-to-end tests ask of a running fleet over HTTP, as a shop would: send events, read
 * profiles (by the local profile's pseudonym) and recommendations, and read each service's health.
 */
final class FleetClient {

    /** The demo's public key, the one the fleet runs with under the {@code local} profile. */
    static final Pseudonymizer PSEUDONYMS = Pseudonymizer.fromProperties(new PrivacyProperties("", "k1"), true);

    /** The HMAC key the services use under the {@code local} profile (public, see Pseudonymizer). */
    static final String LOCAL_HMAC_KEY = "profilestream-local-development-key-not-secret";

    /** The admin key ingest accepts under the {@code local} profile (public, like the HMAC key). */
    static final String LOCAL_ADMIN_KEY = LocalDevelopmentKeys.ADMIN;

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Fleet fleet;

    FleetClient(Fleet fleet) {
        this.fleet = fleet;
    }

    /** Sends in batches of 250 over two connections. */
    TrafficSender sender() {
        return new TrafficSender(baseUrl("ingest-service"), 250, 2);
    }

    /** Sends one event per request, in order: for tests that depend on per-user order. */
    TrafficSender oneByOne() {
        return new TrafficSender(baseUrl("ingest-service"), 500, 1);
    }

    String baseUrl(String module) {
        return fleet.service(module).baseUrl();
    }

    /** An actuator endpoint of {@code module}, on its management port (not the API port). */
    String actuatorUrl(String module, String endpoint) {
        return fleet.service(module).actuatorUrl(endpoint);
    }

    String profileUrl(String userId) {
        return profileUrlOfKey(PSEUDONYMS.user(userId));
    }

    /** The profile URL of a pseudonym made with any key (e.g. after a key rotation). */
    String profileUrlOfKey(String userKey) {
        return baseUrl("profile-updater") + "/v1/profiles/" + userKey;
    }

    String recommendationsUrl(String userId, int k) {
        return baseUrl("recommender-service") + "/v1/recommendations/"
                + URLEncoder.encode(userId, StandardCharsets.UTF_8) + "?k=" + k;
    }

    /** The user's profile event count, or -1 while there is no profile. */
    long eventCount(String userId) throws IOException, InterruptedException {
        return json(profileUrl(userId)).path("eventCount").asLong(-1);
    }

    /** The model version a service reports in its {@code model} health component. */
    String servedVersion(String module) throws IOException, InterruptedException {
        return json(actuatorUrl(module, "health")).path("components").path("model")
                .path("details").path("version").asText();
    }

    /** {@code DELETE /v1/users/{userId}} with the admin key. */
    HttpResponse<String> eraseUser(String userId) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(userUrl(userId)))
                .header(LocalDevelopmentKeys.HEADER, LOCAL_ADMIN_KEY).DELETE().build());
    }

    /** The body of {@code GET /v1/users/{userId}/erasure}, asked with the admin key. */
    JsonNode erasureStatus(String userId) throws IOException, InterruptedException {
        return Json.mapper().readTree(send(HttpRequest.newBuilder(URI.create(erasureUrl(userId)))
                .header(LocalDevelopmentKeys.HEADER, LOCAL_ADMIN_KEY).GET().build()).body());
    }

    private String userUrl(String userId) {
        return baseUrl("ingest-service") + "/v1/users/" + URLEncoder.encode(userId, StandardCharsets.UTF_8);
    }

    private String erasureUrl(String userId) {
        return userUrl(userId) + "/erasure";
    }

    JsonNode json(String url) throws IOException, InterruptedException {
        return Json.mapper().readTree(get(url).body());
    }

    /** GETs {@code url} with the local READER key (profiles, recommendations, items, dashboard). */
    HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header(LocalDevelopmentKeys.HEADER, LocalDevelopmentKeys.READER).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The repository root (Maven runs the tests in local-stack/; {@code -Dprofilestream.home} overrides). */
    static Path home() {
        return Path.of(System.getProperty("profilestream.home", "..")).toAbsolutePath().normalize();
    }
}
