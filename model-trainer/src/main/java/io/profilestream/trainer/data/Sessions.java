package io.profilestream.trainer.data;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Grouping interactions into sessions, and the canonical order of the interactions TSV. */
public final class Sessions {

    /**
     * Session ids compare numerically when both are whole numbers (so 2 comes before 10), numbers
     * before other ids, and otherwise as strings.
     */
    public static final Comparator<String> ID_ORDER = (a, b) -> {
        boolean na = isNumber(a);
        boolean nb = isNumber(b);
        if (na && nb) {
            int byLength = Integer.compare(a.length(), b.length());
            return byLength != 0 ? byLength : a.compareTo(b);
        }
        if (na != nb) {
            return na ? -1 : 1;
        }
        return a.compareTo(b);
    };

    /** Session, then time; List.sort is stable, so equal times keep their source order. */
    public static final Comparator<Interaction> FILE_ORDER =
            Comparator.comparing(Interaction::sessionId, ID_ORDER).thenComparingLong(Interaction::timeMs);

    private Sessions() {
    }

    /** One session: its id and its clicks in time order. */
    public record Session(String id, List<Interaction> events) {

        /** Time of the first click. */
        public long startMs() {
            return events.get(0).timeMs();
        }

        /** Time of the last click. */
        public long endMs() {
            return events.get(events.size() - 1).timeMs();
        }
    }

    /**
     * Groups by session id, sessions in order of first appearance, each sorted by time (stable).
     */
    public static List<Session> group(List<Interaction> interactions) {
        Map<String, List<Interaction>> bySession = new LinkedHashMap<>();
        for (Interaction i : interactions) {
            bySession.computeIfAbsent(i.sessionId(), k -> new ArrayList<>()).add(i);
        }
        List<Session> out = new ArrayList<>(bySession.size());
        bySession.forEach((id, events) -> {
            events.sort(Comparator.comparingLong(Interaction::timeMs));
            out.add(new Session(id, events));
        });
        return out;
    }

    /**
     * Assigns session ids from each user's inactivity gaps: a click more than {@code gap} after the
     * user's previous click starts a new session. Ids are {@code user:n}, n counting from 1 in time order.
     */
    public static List<Interaction> deriveFromUsers(List<Interaction> interactions, Duration gap) {
        Map<String, List<Interaction>> byUser = new LinkedHashMap<>();
        for (Interaction i : interactions) {
            byUser.computeIfAbsent(i.userId(), k -> new ArrayList<>()).add(i);
        }
        long gapMs = gap.toMillis();
        List<Interaction> out = new ArrayList<>(interactions.size());
        byUser.forEach((user, events) -> {
            events.sort(Comparator.comparingLong(Interaction::timeMs));
            int n = 0;
            long previous = Long.MIN_VALUE;
            for (Interaction e : events) {
                if (n == 0 || e.timeMs() - previous > gapMs) {
                    n++;
                }
                previous = e.timeMs();
                out.add(e.withSession(user + ":" + n));
            }
        });
        return out;
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty() || s.length() > 1 && s.charAt(0) == '0') {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
