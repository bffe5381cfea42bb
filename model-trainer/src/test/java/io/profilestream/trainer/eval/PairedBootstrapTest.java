package io.profilestream.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PairedBootstrapTest {

    /** One session per array, each value a prediction's rank. */
    private static Metrics ranks(int[]... sessions) {
        Metrics m = new Metrics(5, 20);
        for (int[] session : sessions) {
            for (int rank : session) {
                m.add(rank);
            }
            m.endSession();
        }
        return m;
    }

    @Test
    void shouldKeepHitsAndReciprocalRanksPerSessionIncludingEmptySessions() {
        Metrics m = ranks(new int[] {1, 25, 4}, new int[] {10}, new int[] {});

        assertThat(m.sessionPredictions()).containsExactly(3, 1, 0);
        assertThat(m.sessionHits(20)).containsExactly(2, 1, 0);
        assertThat(m.sessionHits(5)).containsExactly(2, 0, 0);
        assertThat(m.sessionReciprocalRanks(20)).containsExactly(1.25, 0.1, 0);
        assertThat(m.sessionReciprocalRanks(5)).containsExactly(1.25, 0, 0);
        assertThat(m.recall(20)).isEqualTo(0.75);
    }

    @Test
    void shouldGiveARatioOfOneWithNoWidthForIdenticalScorers() {
        Metrics a = ranks(new int[] {1, 30}, new int[] {2}, new int[] {40, 3, 7});

        PairedBootstrap.Comparison c = new PairedBootstrap(500, 7).compare("A", a, "B", a, 20);

        assertThat(c.recallRatio()).isEqualTo(new PairedBootstrap.Interval(1, 1, 1, 0));
        assertThat(c.mrrRatio()).isEqualTo(new PairedBootstrap.Interval(1, 1, 1, 0));
        assertThat(c.k()).isEqualTo(20);
        assertThat(c.resamples()).isEqualTo(500);
        assertThat(c.unit()).isEqualTo("sessions");
        assertThat(c.units()).isEqualTo(3);
    }

    @Test
    void shouldGiveAnExactIntervalWhenEverySessionHasTheSameRatio() {
        // A hits both predictions of every session at rank 1, B one of them at rank 2: every resample
        // has Recall ratio 2 and MRR ratio (2 * 1) / (1 / 2) = 4.
        Metrics a = ranks(new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1});
        Metrics b = ranks(new int[] {2, 50}, new int[] {50, 2}, new int[] {2, 50});

        PairedBootstrap.Comparison c = new PairedBootstrap(1_000, 1).compare("A", a, "B", b, 20);

        assertThat(c.recallRatio()).isEqualTo(new PairedBootstrap.Interval(2, 2, 2, 0));
        assertThat(c.mrrRatio()).isEqualTo(new PairedBootstrap.Interval(4, 4, 4, 0));
    }

    @Test
    void shouldLeaveOutResamplesWhereTheReferenceHasNoHit() {
        // Session 1: only A hits; session 2: only B hits. Resampling two sessions gives {1,1}: no
        // ratio (p = 1/4), {2,2}: 0 (p = 1/4), {1,2}: 1 (p = 1/2).
        Metrics a = ranks(new int[] {1}, new int[] {30});
        Metrics b = ranks(new int[] {30}, new int[] {1});

        PairedBootstrap.Interval recall = new PairedBootstrap(2_000, 3).compare("A", a, "B", b, 20).recallRatio();

        assertThat(recall.estimate()).isEqualTo(1.0);
        assertThat(recall.low()).isEqualTo(0.0);
        assertThat(recall.high()).isEqualTo(1.0);
        assertThat(recall.undefinedResamples()).isBetween(400, 600);
    }

    @Test
    void shouldDrawTheSameResamplesForTheSameSeed() {
        Metrics a = ranks(new int[] {1, 30, 4}, new int[] {2}, new int[] {40, 3}, new int[] {9, 9, 25});
        Metrics b = ranks(new int[] {3, 2, 40}, new int[] {30}, new int[] {1, 3}, new int[] {9, 50, 2});

        PairedBootstrap.Comparison first = new PairedBootstrap(300, 11).compare("A", a, "B", b, 20);
        PairedBootstrap.Comparison again = new PairedBootstrap(300, 11).compare("A", a, "B", b, 20);

        assertThat(again).isEqualTo(first);
        assertThat(first.recallRatio().estimate()).isEqualTo(6.0 / 6);
        assertThat(first.recallRatio().low()).isLessThan(1.0);
        assertThat(first.recallRatio().high()).isGreaterThan(1.0);
    }

    @Test
    void shouldResampleUsersWhenSessionsAreGroupedByUser() {
        // Sessions 1 and 2 belong to one user: A hits only in 1, B only in 2. Resampling sessions
        // gives ratios 0, 1 or none; resampling the one user always gives 1.
        Metrics a = ranks(new int[] {1}, new int[] {30});
        Metrics b = ranks(new int[] {30}, new int[] {1});

        PairedBootstrap.Comparison byUser = new PairedBootstrap(500, 3, new int[] {0, 0}).compare("A", a, "B", b, 20);

        assertThat(byUser.recallRatio()).isEqualTo(new PairedBootstrap.Interval(1, 1, 1, 0));
        assertThat(byUser.unit()).isEqualTo("users");
        assertThat(byUser.units()).isEqualTo(1);
    }

    @Test
    void shouldGroupSessionsByUserOnlyWhenEverySessionHasOne() {
        List<TestSession> withUsers = List.of(new TestSession("s1", new int[] {0, 1}, "u7"),
                new TestSession("s2", new int[] {1, 2}, "u3"), new TestSession("s3", new int[] {2, 0}, "u7"));
        List<TestSession> oneWithout = List.of(new TestSession("s1", new int[] {0, 1}, "u7"),
                new TestSession("s2", new int[] {1, 2}));

        assertThat(PairedBootstrap.usersOf(withUsers)).containsExactly(0, 1, 0);
        assertThat(PairedBootstrap.usersOf(oneWithout)).isNull();
    }

    @Test
    void shouldRefuseGroupsForAnotherNumberOfSessions() {
        Metrics a = ranks(new int[] {1}, new int[] {2});

        assertThatThrownBy(() -> new PairedBootstrap(10, 1, new int[] {0}).compare("A", a, "B", a, 20))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("groups for 1 sessions, but 2 sessions were evaluated");
    }

    @Test
    void shouldRefuseScorersEvaluatedOnDifferentSessions() {
        Metrics a = ranks(new int[] {1, 2}, new int[] {3});
        Metrics b = ranks(new int[] {1}, new int[] {2, 3});

        assertThatThrownBy(() -> new PairedBootstrap(10, 1).compare("LSTM", a, "V-SKNN", b, 20))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LSTM and V-SKNN were not evaluated on the same test sessions: no paired comparison");
    }
}
