package io.profilestream.model.streams;

import io.profilestream.model.security.CallerApiKey;
import io.profilestream.model.security.LocalDevelopmentKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Sends an interactive-query GET on to the instance that owns a key and hands back its answer
 * unchanged. The request carries {@link #FORWARDED_HEADER}, so an instance that receives it for a
 * key it does not own answers 503 instead of bouncing it around during a rebalance, and the
 * caller's API key ({@link CallerApiKey}).
 */
public final class OwnerForwarder {

    /** Marks a request one instance forwarded to another. */
    public static final String FORWARDED_HEADER = "X-ProfileStream-Forwarded";

    /**
     * The owner's answer.
     *
     * @param status      HTTP status
     * @param contentType its Content-Type, or null
     * @param retryAfter  its Retry-After, or null
     * @param body        its body
     */
    public record Answer(int status, String contentType, String retryAfter, byte[] body) {
    }

    /** The owner did not answer in time (or at all); callers answer 503. */
    public static final class OwnerUnreachableException extends IOException {
        OwnerUnreachableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final HttpClient client;
    private final Duration timeout;

    /** @param timeout connect and response timeout: a slow owner is treated as unavailable */
    public OwnerForwarder(Duration timeout) {
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.timeout = timeout;
    }

    /**
     * GETs {@code pathAndQuery} (already encoded, starting with '/') from {@code owner}.
     *
     * @throws OwnerUnreachableException when the owner cannot be reached in time
     */
    public Answer get(HostInfo owner, String pathAndQuery) throws OwnerUnreachableException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(owner, pathAndQuery))
                .timeout(timeout)
                .header(FORWARDED_HEADER, "true")
                .header("Accept", "application/json, application/problem+json")
                .GET();
        // The caller's own key: the owner grants exactly what the caller may do, no more.
        String callerKey = CallerApiKey.current();
        if (callerKey != null) {
            builder.header(LocalDevelopmentKeys.HEADER, callerKey);
        }
        HttpRequest request = builder.build();
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                    response.headers().firstValue("Retry-After").orElse(null), response.body());
        } catch (IOException e) {
            throw new OwnerUnreachableException("the instance that owns this key (" + owner.host() + ":"
                    + owner.port() + ") did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OwnerUnreachableException("interrupted while waiting for the instance that owns this key", e);
        }
    }

    /** http://host:port/path, with IPv6 hosts bracketed. */
    public static URI uri(HostInfo owner, String pathAndQuery) {
        String host = owner.host().contains(":") && !owner.host().startsWith("[") ? "[" + owner.host() + "]" : owner.host();
        return URI.create("http://" + host + ":" + owner.port() + pathAndQuery);
    }
}
