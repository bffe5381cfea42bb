package io.profilestream.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.profilestream.model.event.Consent;
import io.profilestream.model.event.EventType;
import io.profilestream.model.event.RawEvent;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Events the end-to-end tests send, and the per-user counts they expect back in profiles. */
final class FleetEvents {

    private FleetEvents() {
    }

    /** Event {@code n} of a restart probe user, in one session. */
    static RawEvent probeEvent(String user, int n, EventType type, String itemId) {
        return new RawEvent(1, "restart-" + n, user, "restart-session", type, itemId, null, null, null, null,
                type == EventType.ADD_TO_CART || type == EventType.PURCHASE ? 1 : null,
                type == EventType.SEARCH ? "headphones" : null, null, null, Instant.now(), null, null);
    }

    /** A view of {@code itemId} by a consent probe user, with the consent it states (or none). */
    static RawEvent consentEvent(String user, int n, String itemId, Consent consent) {
        return new RawEvent(1, "consent-" + n, user, "consent-session", EventType.VIEW, itemId, null, null, null, null,
                null, null, null, null, Instant.now(), null, null, consent);
    }

    /** Events per user and type, as a profile's {@code counts} must show them. */
    static Map<String, Map<EventType, Long>> countsByUser(List<RawEvent> all) {
        return all.stream().collect(Collectors.groupingBy(RawEvent::userId,
                Collectors.groupingBy(RawEvent::type, () -> new EnumMap<>(EventType.class), Collectors.counting())));
    }

    /** The {@code counts} of a profile as JSON. */
    static Map<EventType, Long> countsOf(JsonNode profile) {
        Map<EventType, Long> counts = new EnumMap<>(EventType.class);
        profile.path("counts").fields().forEachRemaining(f ->
                counts.put(EventType.fromWireName(f.getKey()).orElseThrow(), f.getValue().asLong()));
        return counts;
    }
}
