package io.profilestream.localstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.profilestream.localstack.chaos.ProfileComparison.Outcome;
import io.profilestream.localstack.chaos.ProfileComparison.UserResult;
import io.profilestream.model.event.EventType;
import io.profilestream.model.serde.Json;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileComparisonTest {

    private static String floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return Base64.getEncoder().encodeToString(b.array());
    }

    /** A profile as profile-updater answers it, trimmed to the fields the comparison treats specially. */
    private static ObjectNode profile(String ns, long events, float h0, float c0) throws Exception {
        return (ObjectNode) Json.mapper().readTree("""
                {"userKey":"%s-key","eventCount":%d,"counts":{"view":%d,"purchase":1},
                 "categoryAffinity":{"scores":{"shoes":0.75},"at":"2026-11-30T04:00:00Z"},
                 "priceBand":{"typical":19.99,"low":9.5,"high":30.0},"sessionCount":2,"lastSessionKey":"%s-session",
                 "recentItems":["i2","i1"],"firstEventTime":"2026-11-30T03:00:00Z",
                 "neural":{"modelVersion":"v1","sessionKey":"%s-s","sessionItems":["i1","i2"],"steps":2,
                           "h":"%s","c":"%s"},
                 "vector":{"modelVersion":"v1","steps":2,"sessionItemCount":2,"hiddenSize":2,"h":[%s,0.25]}}
                """.formatted(ns, events, events - 1, ns, ns, floats(h0, 0.25f), floats(c0, -1f), Float.toString(h0)));
    }

    @Test
    void shouldFindProfilesIdenticalWhenOnlyThePseudonymsDiffer() throws Exception {
        UserResult r = ProfileComparison.compare("u1", profile("ref", 5, 0.5f, 1f), profile("chaos", 5, 0.5f, 1f), 1e-5);

        assertThat(r).isEqualTo(new UserResult("u1", Outcome.IDENTICAL, 5, 5, List.of(), 0.0));
    }

    @Test
    void shouldAcceptLstmDifferencesWithinTheToleranceAndReportTheLargest() throws Exception {
        UserResult r = ProfileComparison.compare("u1", profile("ref", 5, 0.5f, 1f), profile("chaos", 5, 0.5f, 1.0000038f), 1e-5);

        assertThat(r.outcome()).isEqualTo(Outcome.IDENTICAL);
        assertThat(r.lstmMaxDiff()).isEqualTo((double) 1.0000038f - 1.0);
    }

    @Test
    void shouldReportAMismatchWhenTheLstmStateDiffersBeyondTheTolerance() throws Exception {
        UserResult r = ProfileComparison.compare("u1", profile("ref", 5, 0.5f, 1f), profile("chaos", 5, 0.5f + 0.001f, 1f), 1e-5);

        assertThat(r.outcome()).isEqualTo(Outcome.MISMATCH);
        assertThat(r.diffs()).containsExactly("lstm: max abs difference 0.00100 > 1e-05");
    }

    @Test
    void shouldNameEveryDifferingExplicitFeatureExactly() throws Exception {
        ObjectNode chaos = profile("chaos", 5, 0.5f, 1f);
        ((ObjectNode) chaos.path("priceBand")).put("typical", 20.0);
        chaos.putArray("recentItems").add("i1").add("i2");
        ((ObjectNode) chaos.path("neural")).put("steps", 3);
        chaos.remove("firstEventTime");

        UserResult r = ProfileComparison.compare("u1", profile("ref", 5, 0.5f, 1f), chaos, 1e-5);

        assertThat(r.outcome()).isEqualTo(Outcome.MISMATCH);
        assertThat(r.diffs()).containsExactly(
                "firstEventTime: expected \"2026-11-30T03:00:00Z\", actual absent",
                "neural.steps: expected 2, actual 3",
                "priceBand.typical: expected 19.99, actual 20.0",
                "recentItems[0]: expected \"i2\", actual \"i1\"",
                "recentItems[1]: expected \"i1\", actual \"i2\"");
    }

    @Test
    void shouldClassifyFewerEventsAsLostAndMoreAsDoubled() throws Exception {
        UserResult lost = ProfileComparison.compare("u1", profile("ref", 5, 0.5f, 1f), profile("chaos", 4, 0.5f, 1f), 1e-5);
        UserResult doubled = ProfileComparison.compare("u1", profile("ref", 5, 0.5f, 1f), profile("chaos", 7, 0.5f, 1f), 1e-5);

        assertThat(lost.outcome()).isEqualTo(Outcome.LOST);
        assertThat(lost.diffs()).containsExactly("counts.view: expected 4, actual 3", "eventCount: expected 5, actual 4");
        assertThat(doubled.outcome()).isEqualTo(Outcome.DOUBLED);
        assertThat(doubled.actual()).isEqualTo(7);
    }

    @Test
    void shouldClassifyAMissingProfileAsLost() throws Exception {
        UserResult r = ProfileComparison.compare("u1", profile("ref", 5, 0.5f, 1f), null, 1e-5);

        assertThat(r).isEqualTo(new UserResult("u1", Outcome.LOST, 5, 0, List.of("profile: expected one, actual none"), 0.0));
    }

    @Test
    void shouldReportAMissingLstmStateAsAMismatch() throws Exception {
        ObjectNode chaos = profile("chaos", 5, 0.5f, 1f);
        chaos.remove("neural");
        chaos.remove("vector");

        UserResult r = ProfileComparison.compare("u1", profile("ref", 5, 0.5f, 1f), chaos, 1e-5);

        assertThat(r.outcome()).isEqualTo(Outcome.MISMATCH);
        assertThat(r.diffs()).hasSize(2).allSatisfy(d -> assertThat(d).endsWith("actual absent"))
                .anySatisfy(d -> assertThat(d).startsWith("neural: expected {")).anySatisfy(d -> assertThat(d).startsWith("vector: expected {"));
    }

    @Test
    void shouldCheckCountsAgainstTheGeneratedEventsPerType() throws Exception {
        JsonNode ref = profile("ref", 5, 0.5f, 1f);

        assertThat(ProfileComparison.checkCounts("u1", Map.of(EventType.VIEW, 4L, EventType.PURCHASE, 1L), ref))
                .isEqualTo(new UserResult("u1", Outcome.IDENTICAL, 5, 5, List.of(), 0));
        assertThat(ProfileComparison.checkCounts("u1", Map.of(EventType.VIEW, 3L, EventType.PURCHASE, 1L, EventType.SEARCH, 1L), ref))
                .isEqualTo(new UserResult("u1", Outcome.MISMATCH, 5, 5,
                        List.of("counts.view: expected 3, actual 4", "counts.search: expected 1, actual 0"), 0));
        assertThat(ProfileComparison.checkCounts("u1", Map.of(EventType.VIEW, 6L), ref).outcome()).isEqualTo(Outcome.LOST);
        assertThat(ProfileComparison.checkCounts("u1", Map.of(EventType.VIEW, 6L), null))
                .isEqualTo(new UserResult("u1", Outcome.LOST, 6, 0, List.of("eventCount: expected 6, actual 0",
                        "counts.view: expected 6, actual 0"), 0));
    }

    @Test
    void shouldDecodeBase64LittleEndianFloatsExactly() {
        assertThat(ProfileComparison.floats(Json.mapper().getNodeFactory().textNode(floats(1.5f, -0.1f, Float.MIN_VALUE))))
                .containsExactly(1.5f, -0.1f, Float.MIN_VALUE);
    }
}
