package io.profilestream.localstack.chaos;

import io.profilestream.model.event.EventType;
import io.profilestream.model.event.RawEvent;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One generated stream replayed under two namespaces. A profile depends only on its user's own
 * events (in order), the catalogue and the model, so the same events under {@code ref-} and
 * {@code chaos-} user, session and event ids must give the same profiles, apart from the
 * pseudonyms derived from those ids. Pure.
 */
public final class ChaosEvents {

    /** Namespace of the fault-free run. */
    public static final String REFERENCE = "ref";
    /** Namespace of the run with faults. */
    public static final String CHAOS = "chaos";

    private ChaosEvents() {
    }

    /** {@code e} with {@code ns-} in front of its event, user and session ids. */
    public static RawEvent namespaced(RawEvent e, String ns) {
        String p = ns + "-";
        return new RawEvent(e.schemaVersion(), p + e.eventId(), p + e.userId(), e.sessionId() == null ? null : p + e.sessionId(),
                e.type(), e.itemId(), e.category(), e.brand(), e.price(), e.currency(), e.quantity(), e.query(), e.reviewText(),
                e.rating(), e.timestamp(), e.receivedAt(), e.context(), e.consent());
    }

    /** Every event of {@code events} namespaced, in order. */
    public static List<RawEvent> namespaced(List<RawEvent> events, String ns) {
        return events.stream().map(e -> namespaced(e, ns)).toList();
    }

    /** Events per type for each user id (sorted by user id), from the generated events themselves. */
    public static Map<String, Map<EventType, Long>> countsByUser(List<RawEvent> events) {
        Map<String, Map<EventType, Long>> out = new TreeMap<>();
        for (RawEvent e : events) {
            out.computeIfAbsent(e.userId(), u -> new EnumMap<>(EventType.class)).merge(e.type(), 1L, Long::sum);
        }
        return out;
    }
}
