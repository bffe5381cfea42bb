package io.profilestream.profileupdater.query;

import io.profilestream.model.streams.OwnerForwarder;
import java.net.URI;
import java.time.Duration;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Forwards a profile request to the instance that owns the user (through the shared
 * {@link OwnerForwarder}), marking it so the owner never forwards it again.
 */
public class ProfileForwarder {

    /** Header set on forwarded requests. */
    public static final String FORWARDED_HEADER = OwnerForwarder.FORWARDED_HEADER;

    private final OwnerForwarder forwarder;

    /** @param timeout connect and response timeout: a slow owner is treated as unavailable */
    public ProfileForwarder(Duration timeout) {
        this.forwarder = new OwnerForwarder(timeout);
    }

    /**
     * Asks {@code owner} for the profile and returns its answer unchanged.
     *
     * @throws ProfileUnavailableException when the owner does not answer in time
     */
    public ProfileAnswer.Relayed forward(HostInfo owner, String userKey) {
        try {
            OwnerForwarder.Answer a = forwarder.get(owner, path(userKey));
            return new ProfileAnswer.Relayed(a.status(), a.contentType(), a.retryAfter(), a.body());
        } catch (OwnerForwarder.OwnerUnreachableException e) {
            throw new ProfileUnavailableException("the instance owning this profile (" + owner.host() + ":"
                    + owner.port() + ") did not answer; retry shortly", e);
        }
    }

    static URI uri(HostInfo owner, String userKey) {
        return OwnerForwarder.uri(owner, path(userKey));
    }

    private static String path(String userKey) {
        // userKey is validated hex, so it needs no escaping.
        return "/v1/profiles/" + userKey;
    }
}
