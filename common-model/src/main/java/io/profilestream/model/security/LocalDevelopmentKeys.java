package io.profilestream.model.security;

/**
 * The public API keys that the {@code local} Spring profile configures, one per {@link ApiRole},
 * so that the local stack, its tests and the demo work without setup. They are printed in the
 * README: a service that starts with one of them outside the {@code local} profile logs a warning.
 */
public final class LocalDevelopmentKeys {

    /** The request header that carries an API key, on every service. */
    public static final String HEADER = "X-Api-Key";
    /** {@link ApiRole#PRODUCER} key of the local profile. */
    public static final String PRODUCER = "local-producer-key-not-secret";
    /** {@link ApiRole#READER} key of the local profile. */
    public static final String READER = "local-reader-key-not-secret";
    /** {@link ApiRole#ADMIN} key of the local profile (the admin key ingest had before roles). */
    public static final String ADMIN = "local-admin-key-not-secret";

    private LocalDevelopmentKeys() {
    }

    /** The local key for {@code role}. */
    public static String of(ApiRole role) {
        return switch (role) {
            case PRODUCER -> PRODUCER;
            case READER -> READER;
            case ADMIN -> ADMIN;
        };
    }
}
