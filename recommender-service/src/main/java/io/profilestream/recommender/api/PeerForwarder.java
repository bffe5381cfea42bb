package io.profilestream.recommender.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.kafka.streams.state.HostInfo;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;

/**
 * Sends a request on to the instance that owns the profile and relays its answer unchanged
 * (status, content type, Retry-After, body). The forwarded request is marked with
 * {@value #FORWARDED_HEADER} so it is never forwarded twice: an instance that receives a
 * marked request for a key it does not own answers 503 instead of bouncing it around during a
 * rebalance.
 */
public class PeerForwarder {

    /** Marks a request one instance forwarded to another. */
    public static final String FORWARDED_HEADER = "X-ProfileStream-Forwarded";

    private final HttpClient client;
    private final Duration timeout;

    /** @param timeout connect and response timeout for the forwarded request */
    public PeerForwarder(Duration timeout) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.timeout = timeout;
    }

    /**
     * Forwards a GET.
     *
     * @param owner        the owning instance's {@code application.server}
     * @param pathAndQuery the original request's encoded path and query, e.g. {@code /v1/recommendations/u1?k=5}
     * @throws StoreUnavailableException when the owner cannot be reached in time
     */
    public ResponseEntity<byte[]> forward(HostInfo owner, String pathAndQuery) {
        String host = owner.host().contains(":") ? "[" + owner.host() + "]" : owner.host();
        URI uri = URI.create("http://" + host + ":" + owner.port() + pathAndQuery);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header(FORWARDED_HEADER, "true")
                .header(HttpHeaders.ACCEPT, "application/json, application/problem+json")
                .GET()
                .build();
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new StoreUnavailableException("the instance that owns this profile (" + owner.host() + ":"
                    + owner.port() + ") did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for the instance that owns this profile", e);
        }
        HttpHeaders headers = new HttpHeaders();
        response.headers().firstValue(HttpHeaders.CONTENT_TYPE).ifPresent(v -> headers.set(HttpHeaders.CONTENT_TYPE, v));
        response.headers().firstValue(HttpHeaders.RETRY_AFTER).ifPresent(v -> headers.set(HttpHeaders.RETRY_AFTER, v));
        return ResponseEntity.status(response.statusCode()).headers(headers).body(response.body());
    }
}
