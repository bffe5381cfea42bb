package io.profilestream.ingest.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.http.MediaType;

/**
 * What Prometheus scrapes from {@code /actuator/prometheus}: the names the Grafana dashboard
 * queries. Spring Boot tests switch metrics export off unless asked, so this class has its own
 * context with export on, and one test, so the counts are exact.
 */
@AutoConfigureObservability(tracing = false)
class PrometheusScrapeTest extends IngestApiTestSupport {

    @Test
    void shouldExposeEventCountsAndTheRequestLatencyHistogram() throws Exception {
        post("/v1/events", MediaType.APPLICATION_JSON, """
                [{"eventId":"e1","userId":"u1","type":"view","itemId":"i1"},
                 {"eventId":"e2","userId":"u2","type":"view","itemId":"i2"},
                 {"eventId":"e3","userId":"u3","type":"view","itemId":"i3"},
                 {"eventId":"e4","type":"view","itemId":"i4"}]
                """).andExpect(status().isAccepted());

        HttpResponse<String> scraped = actuator("prometheus");
        assertThat(scraped.statusCode()).isEqualTo(200);
        String scrape = scraped.body();

        assertThat(scrape.lines().filter(line -> line.startsWith("profilestream_ingest_events_total")))
                .containsExactlyInAnyOrder(
                        "profilestream_ingest_events_total{application=\"ingest-service\",outcome=\"accepted\",reason=\"none\"} 3.0",
                        "profilestream_ingest_events_total{application=\"ingest-service\",outcome=\"rejected\",reason=\"invalid-events\"} 1.0");
        assertThat(scrape.lines().filter(line -> line.startsWith("http_server_requests_seconds_bucket{")
                && line.contains("uri=\"/v1/events\"") && line.contains("le=\"+Inf\"")))
                .containsExactly("http_server_requests_seconds_bucket{application=\"ingest-service\",error=\"none\","
                        + "exception=\"none\",method=\"POST\",outcome=\"SUCCESS\",status=\"202\",uri=\"/v1/events\","
                        + "le=\"+Inf\"} 1");
        // Settled: the request and its records hold nothing any more.
        assertThat(scrape.lines().filter(line -> line.startsWith("profilestream_ingest_inflight_")))
                .containsExactlyInAnyOrder(
                        "profilestream_ingest_inflight_bytes{application=\"ingest-service\"} 0.0",
                        "profilestream_ingest_inflight_max_bytes{application=\"ingest-service\"} 3.3554432E7");
    }
}
