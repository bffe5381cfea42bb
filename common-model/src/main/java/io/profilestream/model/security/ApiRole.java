package io.profilestream.model.security;

/**
 * What an API key may do. Each REST endpoint of the fleet requires exactly one role; an
 * {@link #ADMIN} key may also do what the other two may, so an operator needs one key, while a
 * shop's front end holds a {@link #PRODUCER} key that cannot read a single profile back.
 */
public enum ApiRole {
    /** May post events and catalogue entries (ingest). */
    PRODUCER,
    /** May read recommendations, items, profiles and the dashboard. */
    READER,
    /** May erase users and see erasure status, and everything the other roles may. */
    ADMIN;

    /** Whether a key holding this role may call an endpoint that requires {@code required}. */
    public boolean grants(ApiRole required) {
        return this == ADMIN || this == required;
    }
}
