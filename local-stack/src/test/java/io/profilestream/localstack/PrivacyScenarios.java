package io.profilestream.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.profilestream.localstack.fleet.Fleet;
import io.profilestream.localstack.traffic.TrafficSender;
import io.profilestream.model.event.Consent;
import io.profilestream.model.event.EventContext;
import io.profilestream.model.event.EventType;
import io.profilestream.model.event.RawEvent;
import io.profilestream.model.privacy.Pseudonymizer;
import io.profilestream.model.serde.Json;
import io.profilestream.model.topic.Topics;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The privacy scenarios of {@link LocalFleetIT}: consent, the leak scan and erasure, each against
 * the fleet that test started (one fleet start serves every scenario).
 */
final class PrivacyScenarios {

    /**
     * Where an erased user's pseudonym stays by design: the erasure receipt (what
     * {@code GET /v1/users/{id}/erasure} answers) and the erased-users markers that refuse late
     * events (docs/PRIVACY.md, "Erasure"). Neither holds anything but the pseudonym and times.
     */
    private static boolean keptByDesign(String topic) {
        return topic.equals(Topics.ERASURE_STATUS.name()) || topic.endsWith("-erased-users-changelog")
                || topic.endsWith("-erasures-pending-changelog");
    }

    /** Time-retained topics: no tombstone can reach them, so the services delete them once consumed. */
    private static final Set<String> TIME_RETAINED = Set.of(Topics.RAW_EVENTS.name(), Topics.ERASURE_REQUESTS.name(),
            Topics.CLEAN_EVENTS.name(), Topics.ERASURES.name(), Topics.IMPRESSIONS.name(), Topics.REKEYS.name(),
            Topics.HANDOVERS.name(), Topics.DEAD_LETTERS.name());

    private final Fleet fleet;
    private final FleetClient client;
    private final String knownItem;

    PrivacyScenarios(Fleet fleet, FleetClient client, String knownItem) {
        this.fleet = fleet;
        this.client = client;
        this.knownItem = knownItem;
    }

    /** A withdrawal deletes the profile in every service; the user's next event is not profiled. */
    void consentWithdrawalDeletesTheProfileEverywhere() throws Exception {
        String user = "consent-probe";
        TrafficSender oneByOne = client.oneByOne();
        List<RawEvent> views = List.of(FleetEvents.consentEvent(user, 1, knownItem, null),
                FleetEvents.consentEvent(user, 2, knownItem, null), FleetEvents.consentEvent(user, 3, knownItem, null));
        assertThat(oneByOne.send("/v1/events", views.iterator(), 3, 0, n -> { }).accepted()).isEqualTo(3);
        String recsUrl = client.recommendationsUrl(user, 5);
        await().atMost(Duration.ofSeconds(60)).until(() -> client.json(recsUrl).path("profileEvents").asLong() == 3);

        // The withdrawal, then an event without consent: same user, same partition, applied in order.
        List<RawEvent> withdrawThenView = List.of(FleetEvents.consentEvent(user, 4, knownItem, Consent.WITHDRAWN),
                FleetEvents.consentEvent(user, 5, knownItem, null));
        assertThat(oneByOne.send("/v1/events", withdrawThenView.iterator(), 2, 0, n -> { }).accepted()).isEqualTo(2);

        await().atMost(Duration.ofSeconds(60)).until(() -> client.json(recsUrl).path("fallback").asBoolean());
        JsonNode recs = client.json(recsUrl);
        assertThat(recs.path("strategy").asText()).isEqualTo("popular");
        assertThat(recs.path("profileEvents").asLong()).isZero();
        assertThat(client.get(client.profileUrl(user)).statusCode()).isEqualTo(404);
    }

    /** Raw ids and personal data in ids, context and free text never pass the filter. */
    void noRawIdOrPersonalDataLeavesTheFilter() throws Exception {
        List<String> tapped;
        String user = "leak.probe.user@example.com";
        String session = "leak-probe-session-7731";
        String email = "jane.leak@example.org";
        String phone = "+44 20 7946 0958";
        String card = "4111 1111 1111 1111";
        String ip = "203.0.113.77";
        String contextIp = "198.51.100.23";
        List<RawEvent> probes = List.of(
                new RawEvent(1, "leak-1", user, session, EventType.SEARCH, null, null, null, null, null, null,
                        "gift for " + email + " call " + phone, null, null, Instant.now(), null,
                        new EventContext(contextIp, "LeakProbeAgent/1.0")),
                new RawEvent(1, "leak-2", user, session, EventType.VIEW, knownItem, null, null, null, null, null, null,
                        null, null, Instant.now(), null, new EventContext(contextIp, null)),
                new RawEvent(1, "leak-3", user, session, EventType.REVIEW, knownItem, null, null, null, null, null, null,
                        "Paid with " + card + " from " + ip + ", write to " + email, 4, Instant.now(), null, null));
        // The clean and impressions topics are deleted once consumed: a tap group reads them, and
        // the purgers keep what it has not read.
        try (TopicTap tap = new TopicTap(bootstrap(), "leak-scan-tap",
                List.of(Topics.CLEAN_EVENTS.name(), Topics.IMPRESSIONS.name()))) {
            TrafficSender oneByOne = client.oneByOne();
            assertThat(oneByOne.send("/v1/events", probes.iterator(), probes.size(), 0, n -> { }).accepted()).isEqualTo(3);
            await().atMost(Duration.ofSeconds(60)).until(() -> client.eventCount(user) == 3);
            String recsUrl = client.recommendationsUrl(user, 5);
            await().atMost(Duration.ofSeconds(60)).until(() -> client.json(recsUrl).path("profileEvents").asLong() == 3);
            tapped = tap.drain();
        }

        // Every topic but those the filter reads from: the dead-letter topic too (no payloads by default).
        List<String> forbidden = List.of(user, session, email, phone, phone.replace(" ", ""), card,
                card.replace(" ", ""), ip, contextIp, "LeakProbeAgent");
        Map<String, Long> scanned = TopicScan.scan(bootstrap(), Set.of(
                Topics.RAW_EVENTS.name(), Topics.ERASURE_REQUESTS.name()), forbidden);
        assertThat(scanned).containsKeys(Topics.CLEAN_EVENTS.name(), Topics.PROFILES.name(), Topics.IMPRESSIONS.name(),
                Topics.DEAD_LETTERS.name(), "profile-updater-profiles-changelog", "privacy-filter-burst-counts-changelog");
        assertThat(scanned.values().stream().mapToLong(Long::longValue).sum()).isPositive();
        for (String value : tapped) {
            for (String f : forbidden) {
                assertThat(value).doesNotContain(f);
            }
        }
        // The clean topic really carried the scrubbed texts (so the scan looked at the right records),
        // and the probe's recommendations were served (impressions).
        assertThat(tapped)
                .anyMatch(v -> v.contains("gift for [email] call [phone]"))
                .anyMatch(v -> v.contains("Paid with [card] from [ip], write to [email]"))
                .anyMatch(v -> v.contains("\"itemIds\""));
    }

    /**
     * {@code DELETE /v1/users/{id}} reaches every service, each confirms, every compacted topic and
     * every store changelog ends in a tombstone for the user, and a late event is refused.
     */
    void erasureRemovesTheUserEverywhereAndRefusesLateEvents() throws Exception {
        String user = "erasure-probe";
        String userKey = FleetClient.PSEUDONYMS.user(user);
        Instant before = Instant.now();
        List<RawEvent> views = List.of(erasureEvent(user, 1, before), erasureEvent(user, 2, before),
                erasureEvent(user, 3, before));
        TrafficSender oneByOne = client.oneByOne();
        assertThat(oneByOne.send("/v1/events", views.iterator(), 3, 0, n -> { }).accepted()).isEqualTo(3);
        String recsUrl = client.recommendationsUrl(user, 5);
        // Served recommendations also leave impressions: the recommender has per-user state to erase.
        await().atMost(Duration.ofSeconds(60)).until(() -> client.json(recsUrl).path("profileEvents").asLong() == 3);

        HttpResponse<String> accepted = client.eraseUser(user);
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.headers().firstValue("Location")).hasValue("/v1/users/" + user + "/erasure");
        String requestId = Json.mapper().readTree(accepted.body()).path("requestId").asText();
        assertThat(requestId).isNotBlank();

        await().atMost(Duration.ofSeconds(90)).until(() -> "completed".equals(client.erasureStatus(user).path("state").asText()));
        JsonNode status = client.erasureStatus(user);
        assertThat(status.path("requestId").asText()).isEqualTo(requestId);
        List<String> confirmed = new ArrayList<>();
        status.path("services").forEach(s -> confirmed.add(s.path("service").asText() + "=" + s.path("state").asText()));
        assertThat(confirmed).containsExactly("privacy-filter=completed", "profile-updater=completed",
                "recommender-service=completed");

        // Time-retained topics (and Streams' repartition topics): no record of the user at all, once
        // every reader has consumed them and the purgers have run (every 5 s in the local stack;
        // repartition topics every 30 s, Kafka Streams' default).
        List<String> forbidden = List.of(user, userKey);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            for (String topic : TopicScan.topics(bootstrap())) {
                if (TIME_RETAINED.contains(topic) || topic.endsWith("-repartition")) {
                    assertThat(TopicScan.recordsMentioning(bootstrap(), topic, forbidden)).as(topic).isEmpty();
                }
            }
        });
        assertThat(TopicScan.earliestOffsets(bootstrap(), Topics.RAW_EVENTS.name()).values()).anyMatch(low -> low > 0);
        assertThat(TopicScan.earliestOffsets(bootstrap(), Topics.CLEAN_EVENTS.name()).values()).anyMatch(low -> low > 0);

        // Compacted topics and every store's changelog: the latest value of each of the user's keys is
        // a tombstone. Kept by design: the erasure status and the erased-users markers (which stop
        // late events), both under the pseudonym only.
        List<String> tombstoned = new ArrayList<>();
        for (String topic : TopicScan.topics(bootstrap())) {
            if (TIME_RETAINED.contains(topic) || keptByDesign(topic) || topic.endsWith("-repartition")) {
                continue;
            }
            Map<String, String> latest = TopicScan.latestContaining(bootstrap(), topic, userKey);
            latest.forEach((key, value) -> assertThat(value).as("latest value of the user's key in %s", topic).isNull());
            if (!latest.isEmpty()) {
                tombstoned.add(topic);
            }
        }
        // The profile copies compaction has not removed yet are sealed under the destroyed data key.
        List<byte[]> oldProfiles = TopicScan.valuesOfKey(bootstrap(), Topics.PROFILES.name(), userKey);
        assertThat(oldProfiles).hasSizeGreaterThanOrEqualTo(3);
        for (byte[] sealed : oldProfiles) {
            String text = new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(text).doesNotContain("eventCount").doesNotContain(knownItem).doesNotContain(userKey);
        }

        // Endpoints after the topics: asking for recommendations records a new impression (new activity).
        assertThat(client.get(client.profileUrl(user)).statusCode()).isEqualTo(404);
        JsonNode recs = client.json(recsUrl);
        assertThat(recs.path("strategy").asText()).isEqualTo("popular");
        assertThat(recs.path("profileEvents").asLong()).isZero();

        // A late event: sent (client time) before the erasure, arriving after it. Refused, no profile.
        RawEvent late = erasureEvent(user, 4, before);
        assertThat(oneByOne.send("/v1/events", List.of(late).iterator(), 1, 0, n -> { }).accepted()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(60)).until(() -> TopicScan.values(bootstrap(), Topics.DEAD_LETTERS.name())
                .stream().anyMatch(v -> v.contains("\"USER_ERASED\"") && v.contains("\"" + late.eventId() + "\"")));
        String letter = TopicScan.values(bootstrap(), Topics.DEAD_LETTERS.name()).stream()
                .filter(v -> v.contains("\"" + late.eventId() + "\"")).findFirst().orElseThrow();
        JsonNode deadLetter = Json.mapper().readTree(letter);
        assertThat(deadLetter.path("reason").asText()).isEqualTo("USER_ERASED");
        // The shared mapper leaves nulls out: no payload member at all.
        assertThat(deadLetter.has("payload")).isFalse();
        assertThat(letter).doesNotContain(user).doesNotContain(userKey);
        assertThat(client.get(client.profileUrl(user)).statusCode()).isEqualTo(404);
    }

    /**
     * A key rotation (new HMAC key current, the old one previous) restarts the filter and the
     * recommender; a user who shops again continues their profile under the new pseudonym.
     */
    void rotationContinuesTheProfilesOfUsersWhoKeepShopping() throws Exception {
        String user = "rotation-probe";
        TrafficSender oneByOne = client.oneByOne();
        List<RawEvent> before = List.of(FleetEvents.consentEvent(user, 101, knownItem, null),
                FleetEvents.consentEvent(user, 102, knownItem, null), FleetEvents.consentEvent(user, 103, knownItem, null));
        assertThat(oneByOne.send("/v1/events", before.iterator(), 3, 0, n -> { }).accepted()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(60)).until(() -> client.eventCount(user) == 3);

        String newSecret = "rotation-test-key-0123456789-0123456789";
        List<String> rotate = List.of("--profilestream.privacy.hmac-key=" + newSecret,
                "--profilestream.privacy.key-id=k2",
                "--profilestream.privacy.previous-hmac-key=" + FleetClient.LOCAL_HMAC_KEY,
                "--profilestream.privacy.previous-key-id=k1");
        Map<String, List<String>> both = new LinkedHashMap<>();
        both.put("privacy-filter", rotate);
        both.put("recommender-service", rotate);
        fleet.restart(both);
        String recsUrl = client.recommendationsUrl(user, 5);
        // Not moved yet (no event since the rotation): still served from the old pseudonym.
        await().atMost(Duration.ofSeconds(60)).until(() -> client.json(recsUrl).path("profileEvents").asLong() == 3);

        List<RawEvent> after = List.of(FleetEvents.consentEvent(user, 104, knownItem, null),
                FleetEvents.consentEvent(user, 105, knownItem, null));
        assertThat(oneByOne.send("/v1/events", after.iterator(), 2, 0, n -> { }).accepted()).isEqualTo(2);
        String newKey = new Pseudonymizer("k2", newSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8)).user(user);
        await().atMost(Duration.ofSeconds(60)).until(
                () -> client.json(client.profileUrlOfKey(newKey)).path("eventCount").asLong(-1) == 5);
        JsonNode moved = client.json(client.profileUrlOfKey(newKey));
        assertThat(FleetEvents.countsOf(moved)).containsExactly(Map.entry(EventType.VIEW, 5L));
        assertThat(client.get(client.profileUrl(user)).statusCode()).isEqualTo(404);
        await().atMost(Duration.ofSeconds(60)).until(() -> client.json(recsUrl).path("profileEvents").asLong() == 5);
    }

    private RawEvent erasureEvent(String user, int n, Instant at) {
        return new RawEvent(1, "erasure-" + n, user, "erasure-session", EventType.VIEW, knownItem, null, null, null, null,
                null, null, null, null, at.plusMillis(n), null, null);
    }

    private String bootstrap() {
        return fleet.broker().bootstrapServers();
    }
}
