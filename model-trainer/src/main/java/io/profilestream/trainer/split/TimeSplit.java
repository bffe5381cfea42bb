package io.profilestream.trainer.split;

import io.profilestream.trainer.data.Interaction;
import io.profilestream.trainer.data.Sessions;
import io.profilestream.trainer.data.Sessions.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Time-based train/test split as in the GRU4Rec evaluations, by session START: a session whose
 * first click is at or after the cutoff goes to test. Training sessions shorter than 2 clicks are
 * dropped; then test clicks on items absent from the (kept) training sessions are removed, and
 * test sessions left shorter than 2 are dropped.
 */
public final class TimeSplit {

    private TimeSplit() {
    }

    /**
     * The split and its bookkeeping.
     *
     * @param train                  training interactions, sorted by session then time
     * @param test                   test interactions, sorted by session then time
     * @param cutoffMs               sessions starting at or after this go to test
     * @param trainSessions          kept training sessions
     * @param testSessions           kept test sessions
     * @param droppedTrainSessions   training sessions with fewer than 2 clicks
     * @param removedTestEvents      test clicks on items unseen in training
     * @param droppedTestSessions    test sessions with fewer than 2 clicks after that removal
     */
    public record Result(List<Interaction> train, List<Interaction> test, long cutoffMs, int trainSessions,
                         int testSessions, int droppedTrainSessions, int removedTestEvents, int droppedTestSessions) {
    }

    /** Test sessions are those starting in the last {@code testPeriod} before the latest click. */
    public static Result byPeriod(List<Interaction> interactions, Duration testPeriod) {
        long max = interactions.stream().mapToLong(Interaction::timeMs).max().orElse(0);
        return at(interactions, max - testPeriod.toMillis());
    }

    /** Test sessions are those starting in the last {@code fraction} of the data's time span. */
    public static Result byFraction(List<Interaction> interactions, double fraction) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("the test fraction must be between 0 and 1 exclusive, got " + fraction);
        }
        long min = interactions.stream().mapToLong(Interaction::timeMs).min().orElse(0);
        long max = interactions.stream().mapToLong(Interaction::timeMs).max().orElse(0);
        return at(interactions, max - Math.round((max - min) * fraction));
    }

    /** Splits at {@code cutoffMs}. */
    public static Result at(List<Interaction> interactions, long cutoffMs) {
        List<Session> trainSessions = new ArrayList<>();
        List<Session> testSessions = new ArrayList<>();
        for (Session s : Sessions.group(interactions)) {
            (s.startMs() >= cutoffMs ? testSessions : trainSessions).add(s);
        }
        List<Interaction> train = new ArrayList<>();
        int keptTrain = 0;
        for (Session s : trainSessions) {
            if (s.events().size() >= 2) {
                keptTrain++;
                train.addAll(s.events());
            }
        }
        Known test = knownOnly(testSessions, trainedItems(trainSessions));
        train.sort(Sessions.FILE_ORDER);
        List<Interaction> testEvents = new ArrayList<>(test.events());
        testEvents.sort(Sessions.FILE_ORDER);
        return new Result(train, testEvents, cutoffMs, keptTrain, test.sessions(), trainSessions.size() - keptTrain,
                test.removedEvents(), testSessions.size() - test.sessions());
    }

    /** The items a model learns from these sessions: those of sessions with 2 or more clicks. */
    public static Set<String> trainedItems(List<Session> sessions) {
        Set<String> items = new HashSet<>();
        for (Session s : sessions) {
            if (s.events().size() >= 2) {
                s.events().forEach(e -> items.add(e.itemId()));
            }
        }
        return items;
    }

    /**
     * Sessions held out for evaluation, reduced to what a model trained on {@code known} can be
     * asked about.
     *
     * @param events        clicks on known items of the sessions left with 2 or more, in session order
     * @param sessions      how many sessions were kept
     * @param removedEvents clicks on unknown items (of every session, kept or not)
     */
    public record Known(List<Interaction> events, int sessions, int removedEvents) {
    }

    /** Removes clicks on items outside {@code known}, then sessions left with fewer than 2 clicks. */
    public static Known knownOnly(List<Session> sessions, Set<String> known) {
        List<Interaction> kept = new ArrayList<>();
        int removed = 0;
        int keptSessions = 0;
        for (Session s : sessions) {
            List<Interaction> onKnown = s.events().stream().filter(e -> known.contains(e.itemId())).toList();
            removed += s.events().size() - onKnown.size();
            if (onKnown.size() >= 2) {
                keptSessions++;
                kept.addAll(onKnown);
            }
        }
        return new Known(List.copyOf(kept), keptSessions, removed);
    }
}
