package io.profilestream.localstack.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.profilestream.localstack.fleet.Fleet;
import io.profilestream.model.config.PrivacyProperties;
import io.profilestream.model.privacy.Pseudonymizer;
import io.profilestream.model.security.LocalDevelopmentKeys;
import io.profilestream.model.serde.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What the chaos run reads from the fleet: profiles (by the local profile's pseudonym, with the
 * reader key), the model version a service serves, and the Streams applications' lag.
 */
final class FleetProbe {

    /** The fleet's Streams applications (their consumer group ids), in pipeline order. */
    static final List<String> STREAMS_GROUPS = List.of("privacy-filter", "profile-updater", "recommender-service");

    /** The pseudonyms the fleet computes under the {@code local} profile (its public key, id k1). */
    static final Pseudonymizer PSEUDONYMS = Pseudonymizer.fromProperties(new PrivacyProperties("", "k1"), true);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final Fleet fleet;

    FleetProbe(Fleet fleet) {
        this.fleet = fleet;
    }

    /**
     * The profile of raw user id {@code userId}, or null while it has none (404). Retries while
     * profile-updater is restarting or restoring (connection errors, 5xx).
     */
    JsonNode profile(String userId) throws IOException, InterruptedException {
        URI uri = URI.create(fleet.service("profile-updater").baseUrl() + "/v1/profiles/" + PSEUDONYMS.user(userId));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header(LocalDevelopmentKeys.HEADER, LocalDevelopmentKeys.READER).GET().build();
        IOException last = null;
        for (int attempt = 0; attempt < 120; attempt++) {
            HttpResponse<byte[]> r;
            try {
                r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException restarting) {
                last = restarting;
                Thread.sleep(500);
                continue;
            }
            if (r.statusCode() == 200) {
                return Json.mapper().readTree(r.body());
            }
            if (r.statusCode() == 404) {
                return null;
            }
            last = new IOException(uri + " answered " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
            if (r.statusCode() < 500) {
                throw last;
            }
            Thread.sleep(500);
        }
        throw new IOException("no profile answer for " + userId + " in 60 s", last);
    }

    /** The model version {@code module} reports in its {@code model} health component, or "" without an answer. */
    String servedModel(String module) throws InterruptedException {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(healthUrl(module)))
                    .header(LocalDevelopmentKeys.HEADER, LocalDevelopmentKeys.READER)
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return Json.mapper().readTree(r.body()).path("components").path("model").path("details").path("version").asText("");
        } catch (IOException notNow) {
            return "";
        }
    }

    /** Health is on the service's management port, not its API port. */
    private String healthUrl(String module) {
        return fleet.service(module).actuatorUrl("health");
    }

    /**
     * Records not yet committed by each Streams application on its input topics (end offset minus
     * committed offset, summed), and the number of partitions counted, per group.
     */
    Map<String, long[]> lag() throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, fleet.broker().bootstrapServers());
        // Admin refuses a default.api.timeout.ms below request.timeout.ms (30 s): both are set.
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        Map<String, long[]> out = new LinkedHashMap<>();
        try (Admin admin = Admin.create(p)) {
            for (String group : STREAMS_GROUPS) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                var ends = admin.listOffsets(committed.keySet().stream()
                        .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()))).all().get(10, TimeUnit.SECONDS);
                long lag = 0;
                for (var e : committed.entrySet()) {
                    lag += Math.max(0, ends.get(e.getKey()).offset() - (e.getValue() == null ? 0 : e.getValue().offset()));
                }
                out.put(group, new long[] {lag, committed.size()});
            }
        }
        return out;
    }

    /**
     * Waits until every Streams application has committed everything on its inputs: under
     * exactly-once the last record of a caught-up partition is a transaction marker, so one
     * record per partition is allowed.
     *
     * @return the last lag seen per group
     */
    Map<String, Long> awaitCaughtUp(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Long> last = Map.of();
        Exception failure = null;
        while (true) {
            try {
                Map<String, long[]> lag = lag();
                last = lag.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue()[0]));
                if (lag.values().stream().allMatch(l -> l[0] <= l[1])) {
                    return last;
                }
            } catch (Exception brokerBusy) {
                // The broker may still be recovering: ask again.
                failure = brokerBusy;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the Streams applications did not catch up in " + timeout.toSeconds() + " s: lag " + last
                        + (failure == null ? "" : ", last failure: " + failure), failure);
            }
            Thread.sleep(1000);
        }
    }
}
