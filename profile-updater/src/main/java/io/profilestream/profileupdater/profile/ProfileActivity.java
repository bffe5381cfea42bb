package io.profilestream.profileupdater.profile;

import io.profilestream.model.serde.JsonSerde;
import org.apache.kafka.common.serialization.Serde;

/**
 * The value of {@link ProfileTopology#ACTIVITY_STORE}: when a user's profile last changed because
 * of one of their events, and under which pseudonymisation key, so {@link ExpireProfilesPunctuator}
 * can find the profiles to delete without opening any of them. It holds no profile data: a time
 * and a key id (the pseudonym is the store key). Stored as JSON of the shared mapper, e.g.
 * {@code {"lastEventAt":1740823200000,"keyId":"k1"}}.
 *
 * @param lastEventAt event time of the user's latest event in the profile (the profile's
 *                    {@code lastEventTime}: the latest, not the last to arrive), epoch ms
 * @param keyId       id of the HMAC key that made the pseudonym ({@code CleanEvent.keyId()} of the
 *                    user's latest applied event); null when unknown, e.g. a profile handed over
 *                    without the new key id, which then expires only by inactivity
 */
public record ProfileActivity(long lastEventAt, String keyId) {

    /** The store's value serde. */
    public static final Serde<ProfileActivity> SERDE = JsonSerde.of(ProfileActivity.class);

    /** True when the user's latest event is before {@code cutoff} (epoch ms). */
    public boolean lastEventBefore(long cutoff) {
        return lastEventAt < cutoff;
    }
}
