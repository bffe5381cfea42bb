package io.profilestream.localstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;

class OutcomesTest {

    @Test
    void shouldCountIngestAnswersPerStatusAndOnlyThe2xxAcceptedEventsAsSustained() {
        Outcomes ingest = new Outcomes(true);

        ingest.record(answer(202, "{\"accepted\":10,\"rejected\":0,\"results\":[]}"), null);
        ingest.record(answer(202, "{\"accepted\":8,\"rejected\":2,\"results\":[]}"), null);
        ingest.record(answer(429, "{\"type\":\"urn:profilestream:problem:overloaded\",\"accepted\":10}"), null);
        ingest.record(answer(503, "{\"type\":\"urn:profilestream:problem:broker-unavailable\"}"), null);
        ingest.record(null, new CompletionException(new HttpTimeoutException("request timed out")));
        ingest.record(null, new ConnectException("Connection refused"));

        Outcomes.Counts counts = ingest.counts();
        assertThat(counts.byOutcome()).containsExactly(Map.entry("202", 2L), Map.entry("429", 1L), Map.entry("503", 1L),
                Map.entry("failed: ConnectException", 1L), Map.entry("timeout", 1L));
        assertThat(counts.eventsAccepted()).isEqualTo(18);
        assertThat(counts.eventsRejected()).isEqualTo(2);
    }

    @Test
    void shouldCountRequestsStillOpenWhenTheRunStoppedWaitingAsUnfinished() {
        Outcomes reads = new Outcomes(false);
        reads.record(answer(200, "{}"), null);
        reads.record(null, new HttpTimeoutException("request timed out"));

        assertThat(reads.counts().withUnfinished(5).byOutcome())
                .containsExactly(Map.entry("200", 1L), Map.entry("no answer by the end", 3L), Map.entry("timeout", 1L));
        assertThat(reads.counts().withUnfinished(2)).isEqualTo(reads.counts());
    }

    @Test
    void shouldCountReadsWithoutParsingTheirBodies() {
        Outcomes reads = new Outcomes(false);

        reads.record(answer(200, "{\"accepted\":5}"), null);
        reads.record(answer(200, "not json"), null);
        reads.record(answer(500, "{}"), null);

        assertThat(reads.counts()).isEqualTo(new Outcomes.Counts(Map.of("200", 2L, "500", 1L), 0, 0));
    }

    @Test
    void shouldCountA2xxIngestAnswerWhoseBodyCannotBeReadApartWithoutAcceptedEvents() {
        Outcomes ingest = new Outcomes(true);

        ingest.record(answer(202, "<html>"), null);
        ingest.record(answer(202, "{\"accepted\":1,\"rejected\":0}"), null);

        assertThat(ingest.counts().byOutcome()).containsExactly(Map.entry("202", 1L), Map.entry("202 (unreadable body)", 1L));
        assertThat(ingest.counts().eventsAccepted()).isEqualTo(1);
    }

    /** A JDK HttpResponse with a status and a body; nothing else is read. */
    private static HttpResponse<byte[]> answer(int status, String body) {
        return new HttpResponse<>() {
            @Override
            public int statusCode() {
                return status;
            }

            @Override
            public byte[] body() {
                return body.getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public HttpRequest request() {
                return HttpRequest.newBuilder(URI.create("http://127.0.0.1:1/v1/events")).build();
            }

            @Override
            public Optional<HttpResponse<byte[]>> previousResponse() {
                return Optional.empty();
            }

            @Override
            public HttpHeaders headers() {
                return HttpHeaders.of(Map.of(), (a, b) -> true);
            }

            @Override
            public Optional<SSLSession> sslSession() {
                return Optional.empty();
            }

            @Override
            public URI uri() {
                return request().uri();
            }

            @Override
            public HttpClient.Version version() {
                return HttpClient.Version.HTTP_1_1;
            }
        };
    }
}
