package io.profilestream.profileupdater.query;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Forwards a profile request to the instance that owns the user, marking it with
 * {@link #FORWARDED_HEADER} so the owner never forwards it again.
 */
public class ProfileForwarder {

    /** Header set on forwarded requests. */
    public static final String FORWARDED_HEADER = "X-ProfileStream-Forwarded";

    private final HttpClient client;
    private final Duration timeout;

    /** @param timeout connect and response timeout: a slow owner is treated as unavailable */
    public ProfileForwarder(Duration timeout) {
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.timeout = timeout;
    }

    /**
     * Asks {@code owner} for the profile and returns its answer unchanged.
     *
     * @throws ProfileUnavailableException when the owner does not answer in time
     */
    public ProfileAnswer.Relayed forward(HostInfo owner, String userKey) {
        HttpRequest request = HttpRequest.newBuilder(uri(owner, userKey))
                .timeout(timeout)
                .header(FORWARDED_HEADER, "true")
                .header("Accept", "application/json, application/problem+json")
                .GET()
                .build();
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new ProfileAnswer.Relayed(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null),
                    response.headers().firstValue("Retry-After").orElse(null),
                    response.body());
        } catch (IOException e) {
            throw new ProfileUnavailableException("the instance owning this profile (" + owner.host() + ":"
                    + owner.port() + ") did not answer; retry shortly", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProfileUnavailableException("interrupted while asking the instance owning this profile", e);
        }
    }

    static URI uri(HostInfo owner, String userKey) {
        String host = owner.host().contains(":") && !owner.host().startsWith("[") ? "[" + owner.host() + "]" : owner.host();
        // userKey is validated hex, so it needs no escaping.
        return URI.create("http://" + host + ":" + owner.port() + "/v1/profiles/" + userKey);
    }
}
