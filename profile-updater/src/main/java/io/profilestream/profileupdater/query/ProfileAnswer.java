package io.profilestream.profileupdater.query;

import io.profilestream.model.profile.UserProfile;

/** What a profile lookup produced: a profile from the local store, or another instance's answer. */
public sealed interface ProfileAnswer {

    /**
     * The profile, read from this instance's store.
     *
     * @param profile the stored profile
     */
    record Local(UserProfile profile) implements ProfileAnswer {
    }

    /**
     * The owning instance's HTTP answer, passed on unchanged (including its problem responses).
     *
     * @param status      HTTP status
     * @param contentType the owner's Content-Type, or null
     * @param retryAfter  the owner's Retry-After, or null
     * @param body        the response body
     */
    record Relayed(int status, String contentType, String retryAfter, byte[] body) implements ProfileAnswer {
    }
}
