package io.profilestream.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MetricsTest {

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    @Test
    void shouldComputeRecallMrrAndNdcgAtEachCutoffFromRanks() {
        Metrics m = new Metrics(5, 10, 20);
        // Four predictions ranked 1, 3.5 (a tie), 8 and 25.
        m.add(1);
        m.add(3.5);
        m.add(8);
        m.add(25);

        assertThat(m.predictions()).isEqualTo(4);
        assertThat(m.recall(5)).isEqualTo(0.5);          // ranks 1 and 3.5
        assertThat(m.recall(10)).isEqualTo(0.75);        // + 8
        assertThat(m.recall(20)).isEqualTo(0.75);        // 25 is out
        assertThat(m.mrr(5)).isCloseTo((1 + 1 / 3.5) / 4, within(1e-15));
        assertThat(m.mrr(20)).isCloseTo((1 + 1 / 3.5 + 1 / 8.0) / 4, within(1e-15));
        assertThat(m.ndcg(5)).isCloseTo((1 + 1 / log2(4.5)) / 4, within(1e-15));
        assertThat(m.ndcg(20)).isCloseTo((1 + 1 / log2(4.5) + 1 / log2(9)) / 4, within(1e-15));
        assertThat(m.asMap()).containsOnlyKeys("Recall@5", "Recall@10", "Recall@20", "MRR@5", "MRR@10", "MRR@20",
                "NDCG@5", "NDCG@10", "NDCG@20");
    }

    @Test
    void shouldCountARankJustPastTheCutoffAsAMiss() {
        Metrics m = new Metrics(20);
        m.add(20.5);   // tied around position 20: not in the top 20
        m.add(20);
        assertThat(m.recall(20)).isEqualTo(0.5);
        assertThat(m.mrr(20)).isEqualTo(1 / 20.0 / 2);
        assertThat(m.ndcg(20)).isCloseTo(1 / log2(21) / 2, within(1e-15));
    }
}
