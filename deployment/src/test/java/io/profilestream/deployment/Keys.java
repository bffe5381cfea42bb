package io.profilestream.deployment;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The secret properties: never written into compose or k8s, always taken from the operator or a Secret. */
final class Keys {

    static final String HMAC_KEY = "profilestream.privacy.hmac-key";
    static final String PREVIOUS_HMAC_KEY = "profilestream.privacy.previous-hmac-key";
    static final String MASTER_KEY = "profilestream.encryption.master-key";
    static final String PRODUCER_KEYS = "profilestream.security.producer-keys";
    static final String READER_KEYS = "profilestream.security.reader-keys";
    static final String ADMIN_KEYS = "profilestream.security.admin-keys";

    /** Every property whose value is a secret. */
    static final Set<String> SECRET_PROPERTIES = Set.of(HMAC_KEY, PREVIOUS_HMAC_KEY, MASTER_KEY, PRODUCER_KEYS,
            READER_KEYS, ADMIN_KEYS);

    /**
     * The API keys each service's endpoints take (its {@code EndpointRoles}): all three bind every
     * role's keys, but a role none of its endpoints requires has no use there.
     */
    static final Map<String, Set<String>> API_KEYS = Map.of(
            "ingest-service", Set.of(PRODUCER_KEYS, ADMIN_KEYS),
            "privacy-filter", Set.of(),
            "profile-updater", Set.of(READER_KEYS, ADMIN_KEYS),
            "recommender-service", Set.of(READER_KEYS, ADMIN_KEYS));

    /**
     * Those a service cannot start without outside the 'local' profile when it binds them: the
     * previous HMAC key is optional, and admin keys are optional where no endpoint requires ADMIN.
     */
    static boolean required(ServiceModule service, String property) {
        return switch (property) {
            case HMAC_KEY, MASTER_KEY -> true;
            case PRODUCER_KEYS -> service == ServiceModule.INGEST;
            case READER_KEYS -> service == ServiceModule.PROFILE_UPDATER || service == ServiceModule.RECOMMENDER;
            case ADMIN_KEYS -> service == ServiceModule.INGEST;
            default -> false;
        };
    }

    private Keys() {
    }

    /** The secret properties this service binds and uses. */
    static Set<String> of(ServiceModule service) {
        Set<String> keys = new TreeSet<>();
        SECRET_PROPERTIES.stream().filter(service.properties()::has)
                .filter(p -> !p.startsWith("profilestream.security.") || API_KEYS.get(service.module()).contains(p))
                .forEach(keys::add);
        return keys;
    }
}
