package io.profilestream.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.profilestream.model.serde.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationReportTest {

    private static Metrics sessions(int[]... ranks) {
        Metrics m = new Metrics(5, 10, 20);
        for (int[] session : ranks) {
            for (int rank : session) {
                m.add(rank);
            }
            m.endSession();
        }
        return m;
    }

    private static EvaluationReport report() {
        EvaluationReport report = new EvaluationReport(Map.of("predictions", 4));
        // Every session: the model hits both predictions at rank 1, the reference one at rank 2.
        report.add(new EvaluationReport.Row("V-SKNN", sessions(new int[] {2, 50}, new int[] {50, 2}), 0.1));
        report.add(new EvaluationReport.Row("LSTM", sessions(new int[] {1, 1}, new int[] {1, 1}), 0.2));
        return report;
    }

    @Test
    void shouldPrintEveryOtherScorersRatioToTheReferenceWithItsInterval() {
        EvaluationReport report = report();

        assertThat(report.compareWith("V-SKNN", new PairedBootstrap(100, 42), 20)).isTrue();

        assertThat(report.table()).endsWith("""

                ratio to V-SKNN, 95 % interval (paired bootstrap over 2 test sessions, 100 resamples)
                scorer                  Recall@20                   MRR@20
                LSTM            2.00 [2.00, 2.00]        4.00 [4.00, 4.00]
                """);
    }

    @Test
    void shouldWriteTheComparisonsIntoTheJson() throws Exception {
        EvaluationReport report = report();
        report.compareWith("V-SKNN", new PairedBootstrap(100, 42), 20);

        JsonNode c = Json.mapper().readTree(report.json()).get("comparisons").get(0);

        assertThat(c.get("scorer").asText()).isEqualTo("LSTM");
        assertThat(c.get("reference").asText()).isEqualTo("V-SKNN");
        assertThat(c.get("k").asInt()).isEqualTo(20);
        assertThat(c.get("resamples").asInt()).isEqualTo(100);
        assertThat(c.get("recallRatio").get("estimate").asDouble()).isEqualTo(2.0);
        assertThat(c.get("recallRatio").get("low").asDouble()).isEqualTo(2.0);
        assertThat(c.get("mrrRatio").get("high").asDouble()).isEqualTo(4.0);
        assertThat(c.get("mrrRatio").get("undefinedResamples").asInt()).isZero();
    }

    @Test
    void shouldSayWhenARatioIsUndefinedOrLeavesResamplesOut() {
        EvaluationReport report = new EvaluationReport(Map.of());
        // The reference hits nothing: no ratio at all.
        report.add(new EvaluationReport.Row("V-SKNN", sessions(new int[] {50}, new int[] {50}), 0.1));
        report.add(new EvaluationReport.Row("LSTM", sessions(new int[] {1}, new int[] {50}), 0.1));
        report.compareWith("V-SKNN", new PairedBootstrap(100, 42), 20);

        assertThat(report.table()).endsWith("LSTM      n/a (reference: no hit)  n/a (reference: no hit)\n");

        EvaluationReport partial = new EvaluationReport(Map.of());
        partial.add(new EvaluationReport.Row("V-SKNN", sessions(new int[] {50}, new int[] {1}), 0.1));
        partial.add(new EvaluationReport.Row("LSTM", sessions(new int[] {1}, new int[] {1}), 0.1));
        partial.compareWith("V-SKNN", new PairedBootstrap(2_000, 42), 20);
        PairedBootstrap.Interval recall = partial.comparisons().get(0).recallRatio();

        // Draws of session 1 twice (p = 1/4) have no reference hit; the others give 1 or 2.
        assertThat(recall.estimate()).isEqualTo(2.0);
        assertThat(recall.low()).isEqualTo(1.0);
        assertThat(recall.high()).isEqualTo(2.0);
        assertThat(partial.table()).contains("2.00 [1.00, 2.00] (" + recall.undefinedResamples() + " undefined)");
    }

    @Test
    void shouldCompareNothingWithoutTheReference() {
        EvaluationReport report = report();

        assertThat(report.compareWith("GRU4Rec", new PairedBootstrap(100, 42), 20)).isFalse();

        assertThat(report.comparisons()).isEmpty();
        assertThat(report.table()).doesNotContain("ratio to");
        assertThat(report.json()).doesNotContain("comparisons");
    }
}
