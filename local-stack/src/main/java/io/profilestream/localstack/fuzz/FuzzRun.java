package io.profilestream.localstack.fuzz;

import io.profilestream.localstack.fleet.Fleet;
import io.profilestream.localstack.fleet.ServiceSpec;
import io.profilestream.model.config.PrivacyProperties;
import io.profilestream.model.privacy.Pseudonymizer;
import io.profilestream.model.security.LocalDevelopmentKeys;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The whole fuzz run against a running fleet: poison records to every topic a Streams service
 * reads, malformed requests to every endpoint, then the dead letters, every service's health and
 * valid requests (an event that must reach its profile, recommendations, and the user whose
 * profile and key the poison overwrote).
 */
public final class FuzzRun {

    /** The user whose pseudonym keys the poison, so garbage lands in their profile and key entries. */
    static final String POISONED_USER = "fuzz-poisoned-user";
    static final String CANARY_USER = "fuzz-canary";
    private static final Pseudonymizer PSEUDONYMS = Pseudonymizer.fromProperties(new PrivacyProperties("", "k1"), true);
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(30);

    private final Fleet fleet;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** @param fleet a running fleet (local profile, its keys) */
    public FuzzRun(Fleet fleet) {
        this.fleet = fleet;
    }

    /**
     * Runs everything.
     *
     * @param requests    requests per endpoint
     * @param seed        the generator's seed
     * @param parallelism requests in flight
     * @param progress    gets the number of requests sent so far
     * @param out         progress lines
     */
    public FuzzResult run(int requests, long seed, int parallelism, LongConsumer progress, PrintStream out)
            throws Exception {
        long t0 = System.nanoTime();
        PoisonRecords poison = new PoisonRecords(fleet.broker().bootstrapServers(), PSEUDONYMS.user(POISONED_USER));
        List<PoisonRecords.Sent> sent = poison.write();
        out.printf("Wrote %d poison records to %d topics%n", sent.size(), PoisonRecords.TARGETS.size());
        HttpFuzzer fuzzer = new HttpFuzzer(new RequestGenerator(seed, Instant.now()),
                e -> URI.create(fleet.service(e.module()).baseUrl()), parallelism);
        Map<FuzzEndpoint, EndpointTally> tallies = fuzzer.run(requests, progress);
        out.printf("Sent %d requests to %d endpoints in %.0f s%n", (long) requests * FuzzEndpoint.values().length,
                FuzzEndpoint.values().length, (System.nanoTime() - t0) / 1e9);
        List<PoisonRecords.Outcome> outcomes = poison.await(sent, Duration.ofSeconds(90), Duration.ofSeconds(3));
        Map<String, String> health = health();
        Map<String, Integer> valid = validRequests();
        return new FuzzResult(tallies, outcomes, health, valid, Duration.ofNanos(System.nanoTime() - t0));
    }

    /** UP, or why not, per service. */
    private Map<String, String> health() {
        Map<String, String> health = new LinkedHashMap<>();
        for (ServiceSpec spec : ServiceSpec.FLEET) {
            try {
                fleet.service(spec.module()).awaitHealthy(HEALTH_TIMEOUT);
                health.put(spec.module(), "UP");
            } catch (IOException e) {
                health.put(spec.module(), "DOWN: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                health.put(spec.module(), "interrupted");
            }
        }
        return health;
    }

    /**
     * Valid requests after the run, by label, with the status they got: a new event must reach
     * its profile within a minute (status of the last profile read), and recommendations must be
     * served, also for the user whose profile and key entries hold poison.
     */
    private Map<String, Integer> validRequests() throws InterruptedException {
        Map<String, Integer> statuses = new LinkedHashMap<>();
        String event = "{\"schemaVersion\":1,\"eventId\":\"fuzz-canary-" + System.nanoTime() + "\",\"userId\":\""
                + CANARY_USER + "\",\"sessionId\":\"s\",\"type\":\"view\",\"itemId\":\"fz-item-1\",\"timestamp\":\""
                + Instant.now() + "\"}";
        statuses.put("POST /v1/events (valid)", send("ingest-service", "POST", "/v1/events", event,
                LocalDevelopmentKeys.PRODUCER));
        String profile = "/v1/profiles/" + PSEUDONYMS.user(CANARY_USER);
        int status = 0;
        for (long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos(); System.nanoTime() < deadline; ) {
            status = send("profile-updater", "GET", profile, null, LocalDevelopmentKeys.READER);
            if (status == 200) {
                break;
            }
            Thread.sleep(500);
        }
        statuses.put("GET /v1/profiles/{canary} (valid, after the event)", status);
        statuses.put("GET /v1/recommendations/{canary}?k=5", send("recommender-service", "GET",
                "/v1/recommendations/" + CANARY_USER + "?k=5", null, LocalDevelopmentKeys.READER));
        statuses.put("GET /v1/recommendations/{poisoned user}", send("recommender-service", "GET",
                "/v1/recommendations/" + POISONED_USER, null, LocalDevelopmentKeys.READER));
        statuses.put("GET /v1/dashboard/users/{poisoned user}", send("recommender-service", "GET",
                "/v1/dashboard/users/" + POISONED_USER, null, LocalDevelopmentKeys.READER));
        return statuses;
    }

    /**
     * The status of one valid request, or {@link FuzzResult#NO_ANSWER} when it got none within 10 s:
     * a service that hangs after the fuzz is a finding to report in the table, not a reason to
     * abort the run before its tables are printed (a 90,000-request run once did).
     */
    private int send(String module, String method, String path, String body, String key) throws InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fleet.service(module).baseUrl() + path))
                .timeout(Duration.ofSeconds(10)).header(LocalDevelopmentKeys.HEADER, key)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException noAnswer) {
            return FuzzResult.NO_ANSWER;
        }
    }
}
