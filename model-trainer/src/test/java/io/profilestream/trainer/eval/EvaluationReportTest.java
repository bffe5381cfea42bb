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

                ratio to V-SKNN, 95 % interval (paired bootstrap over test sessions, 100 resamples)
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
    void shouldCompareNothingWithoutTheReference() {
        EvaluationReport report = report();

        assertThat(report.compareWith("GRU4Rec", new PairedBootstrap(100, 42), 20)).isFalse();

        assertThat(report.comparisons()).isEmpty();
        assertThat(report.table()).doesNotContain("ratio to");
        assertThat(report.json()).doesNotContain("comparisons");
    }
}
