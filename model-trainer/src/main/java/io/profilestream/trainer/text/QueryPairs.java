package io.profilestream.trainer.text;

import io.profilestream.model.event.EventType;
import io.profilestream.model.event.RawEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pairs each search with the category of the view that answers it: the first view in the same
 * session within {@code maxEvents} events and {@code maxGap} after the search. A later search before
 * any view ends the look-ahead (that view answers the newer query), and so does a first view
 * outside the gap: a shopper who comes back an hour later is not answering the old query.
 */
public final class QueryPairs {

    /**
     * One search and the view that followed it.
     *
     * @param session          session key
     * @param query            search text as sent
     * @param category         category of the following view
     * @param searchTimeMs     epoch ms of the search
     * @param previousCategory category of the last view before the search in the session, or null
     */
    public record QueryView(String session, String query, String category, long searchTimeMs, String previousCategory) {
    }

    private QueryPairs() {
    }

    /** Session key: the session id, or the user when the event has none. */
    static String session(RawEvent e) {
        return e.sessionId() != null ? e.sessionId() : "user:" + e.userId();
    }

    /**
     * Events grouped by session (sessions in order of first appearance), each in time order; equal
     * timestamps keep their input order (the sort is stable).
     */
    public static List<List<RawEvent>> sessions(List<RawEvent> events) {
        Map<String, List<RawEvent>> by = new LinkedHashMap<>();
        for (RawEvent e : events) {
            by.computeIfAbsent(session(e), k -> new ArrayList<>()).add(e);
        }
        List<List<RawEvent>> out = new ArrayList<>();
        for (List<RawEvent> s : by.values()) {
            s.sort(Comparator.comparing(RawEvent::timestamp));
            out.add(s);
        }
        return out;
    }

    /** The pairs of {@code events}, in session order, then time order. */
    public static List<QueryView> extract(List<RawEvent> events, int maxEvents, Duration maxGap) {
        if (maxEvents < 1 || maxGap.isNegative()) {
            throw new IllegalArgumentException("look-ahead must be at least 1 event and a gap >= 0, got " + maxEvents
                    + ", " + maxGap);
        }
        List<QueryView> out = new ArrayList<>();
        for (List<RawEvent> s : sessions(events)) {
            String previous = null;
            for (int i = 0; i < s.size(); i++) {
                RawEvent e = s.get(i);
                if (e.type() == EventType.VIEW && e.category() != null) {
                    previous = e.category();
                }
                if (e.type() != EventType.SEARCH || e.query() == null || e.query().isBlank()) {
                    continue;
                }
                for (int j = i + 1; j < s.size() && j <= i + maxEvents; j++) {
                    RawEvent next = s.get(j);
                    if (next.type() == EventType.SEARCH) {
                        break;
                    }
                    if (next.type() == EventType.VIEW && next.category() != null) {
                        if (Duration.between(e.timestamp(), next.timestamp()).compareTo(maxGap) <= 0) {
                            out.add(new QueryView(session(e), e.query(), next.category(), e.timestamp().toEpochMilli(),
                                    previous));
                        }
                        break;
                    }
                }
            }
        }
        return out;
    }
}
