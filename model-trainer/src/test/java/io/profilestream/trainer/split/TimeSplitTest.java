package io.profilestream.trainer.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.profilestream.trainer.data.Interaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeSplitTest {

    private static final long H = 3_600_000L;

    private static void add(List<Interaction> rows, String session, long start, String... items) {
        for (int i = 0; i < items.length; i++) {
            rows.add(new Interaction(session, "", items[i], start + i * H / 2, "view", "", ""));
        }
    }

    /**
     * Latest click: s4's X at 35.5h, so the last day starts at 11.5h.
     * <pre>
     *   s1 starts  9h: A B C  -> train
     *   s2 starts 10h: D      -> train, but a single click: dropped (so D is unseen in training)
     *   s5 starts 11h: A C    -> train although it ends after the cutoff (split by START)
     *   s3 starts 11.5h: B D C -> test (starts exactly at the cutoff); D removed -> B C
     *   s4 starts 35h: A X    -> test; X unseen -> A alone -> dropped
     * </pre>
     */
    private static List<Interaction> data() {
        List<Interaction> rows = new ArrayList<>();
        add(rows, "s1", 9 * H, "A", "B", "C");
        add(rows, "s2", 10 * H, "D");
        add(rows, "s3", 23 * H / 2, "B", "D", "C");
        add(rows, "s4", 35 * H, "A", "X");
        add(rows, "s5", 11 * H, "A", "C");
        return rows;
    }

    @Test
    void shouldPutSessionsStartingInTheLastDayIntoTest() {
        TimeSplit.Result r = TimeSplit.byPeriod(data(), Duration.ofDays(1));

        assertThat(r.cutoffMs()).isEqualTo(23 * H / 2);
        assertThat(r.train()).extracting(Interaction::sessionId, Interaction::itemId).containsExactly(
                tuple("s1", "A"), tuple("s1", "B"), tuple("s1", "C"), tuple("s5", "A"), tuple("s5", "C"));
        assertThat(r.test()).extracting(Interaction::sessionId, Interaction::itemId).containsExactly(
                tuple("s3", "B"), tuple("s3", "C"));
        assertThat(r.trainSessions()).isEqualTo(2);
        assertThat(r.testSessions()).isEqualTo(1);
        assertThat(r.droppedTrainSessions()).isEqualTo(1);
        assertThat(r.removedTestEvents()).isEqualTo(2);
        assertThat(r.droppedTestSessions()).isEqualTo(1);
    }

    @Test
    void shouldPutSessionsStartingInTheLastFractionOfTheSpanIntoTest() {
        // span 9h .. 35.5h = 26.5h; last 0.5 starts at 35.5h - 13.25h = 22.25h: only s4 is test, and it is dropped.
        TimeSplit.Result r = TimeSplit.byFraction(data(), 0.5);
        assertThat(r.cutoffMs()).isEqualTo(35 * H + H / 2 - 53 * H / 4);
        assertThat(r.train()).extracting(Interaction::sessionId).containsExactly("s1", "s1", "s1", "s3", "s3", "s3", "s5", "s5");
        assertThat(r.test()).isEmpty();
        assertThat(r.removedTestEvents()).isEqualTo(1);
        assertThat(r.droppedTestSessions()).isEqualTo(1);
    }
}
