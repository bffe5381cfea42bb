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
        Set<String> trainItems = new HashSet<>();
        int keptTrain = 0;
        for (Session s : trainSessions) {
            if (s.events().size() >= 2) {
                keptTrain++;
                train.addAll(s.events());
                s.events().forEach(e -> trainItems.add(e.itemId()));
            }
        }
        List<Interaction> test = new ArrayList<>();
        int removed = 0;
        int keptTest = 0;
        for (Session s : testSessions) {
            List<Interaction> known = s.events().stream().filter(e -> trainItems.contains(e.itemId())).toList();
            removed += s.events().size() - known.size();
            if (known.size() >= 2) {
                keptTest++;
                test.addAll(known);
            }
        }
        train.sort(Sessions.FILE_ORDER);
        test.sort(Sessions.FILE_ORDER);
        return new Result(train, test, cutoffMs, keptTrain, keptTest, trainSessions.size() - keptTrain, removed,
                testSessions.size() - keptTest);
    }
}
