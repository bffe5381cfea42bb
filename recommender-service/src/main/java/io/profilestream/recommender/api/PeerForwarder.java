package io.profilestream.recommender.api;

import io.profilestream.model.streams.OwnerForwarder;
import java.time.Duration;
import org.apache.kafka.streams.state.HostInfo;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;

/**
 * Sends a request on to the instance that owns the profile (through the shared
 * {@link OwnerForwarder}) and relays its answer unchanged: status, content type, Retry-After, body.
 */
public class PeerForwarder {

    /** Marks a request one instance forwarded to another. */
    public static final String FORWARDED_HEADER = OwnerForwarder.FORWARDED_HEADER;

    private final OwnerForwarder forwarder;

    /** @param timeout connect and response timeout for the forwarded request */
    public PeerForwarder(Duration timeout) {
        this.forwarder = new OwnerForwarder(timeout);
    }

    /**
     * Forwards a GET.
     *
     * @param owner        the owning instance's {@code application.server}
     * @param pathAndQuery the original request's encoded path and query, e.g. {@code /v1/recommendations/u1?k=5}
     * @throws StoreUnavailableException when the owner cannot be reached in time
     */
    public ResponseEntity<byte[]> forward(HostInfo owner, String pathAndQuery) {
        OwnerForwarder.Answer answer;
        try {
            answer = forwarder.get(owner, pathAndQuery);
        } catch (OwnerForwarder.OwnerUnreachableException e) {
            throw new StoreUnavailableException(e.getMessage(), e);
        }
        HttpHeaders headers = new HttpHeaders();
        if (answer.contentType() != null) {
            headers.set(HttpHeaders.CONTENT_TYPE, answer.contentType());
        }
        if (answer.retryAfter() != null) {
            headers.set(HttpHeaders.RETRY_AFTER, answer.retryAfter());
        }
        return ResponseEntity.status(answer.status()).headers(headers).body(answer.body());
    }
}
