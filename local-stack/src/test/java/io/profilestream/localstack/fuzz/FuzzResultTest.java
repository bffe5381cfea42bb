package io.profilestream.localstack.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FuzzResultTest {

    @Test
    void shouldFailAndSayNoAnswerWhenAValidRequestAfterTheRunGotNone() {
        Map<FuzzEndpoint, EndpointTally> tallies = new EnumMap<>(FuzzEndpoint.class);
        for (FuzzEndpoint e : FuzzEndpoint.values()) {
            tallies.put(e, new EndpointTally(e));
        }
        Map<String, String> health = new LinkedHashMap<>();
        health.put("ingest-service", "UP");
        Map<String, Integer> valid = new LinkedHashMap<>();
        valid.put("POST /v1/events (valid)", 202);
        valid.put("GET /v1/profiles/{canary} (valid, after the event)", FuzzResult.NO_ANSWER);
        FuzzResult result = new FuzzResult(tallies, List.of(), health, valid, Duration.ofSeconds(3));

        ByteArrayOutputStream text = new ByteArrayOutputStream();
        result.print(new PrintStream(text, true, StandardCharsets.UTF_8));

        assertThat(result.passed()).isFalse();
        assertThat(result.failedValidRequests()).containsExactly("GET /v1/profiles/{canary} (valid, after the event)");
        assertThat(text.toString(StandardCharsets.UTF_8))
                .contains("valid after:  GET /v1/profiles/{canary} (valid, after the event)   no answer within 10 s")
                .contains("valid after:  POST /v1/events (valid)")
                .contains("Result: FAIL (0 x 5xx, 0 dropped connections, 0 poison mismatches, 0 unhealthy, 1 failed valid requests) in 3 s");
    }
}
