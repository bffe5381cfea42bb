package io.profilestream.deployment;

import java.util.Set;
import java.util.TreeSet;

/** The secret properties: never written into compose or k8s, always taken from the operator or a Secret. */
final class Keys {

    static final String HMAC_KEY = "profilestream.privacy.hmac-key";
    static final String PREVIOUS_HMAC_KEY = "profilestream.privacy.previous-hmac-key";
    static final String MASTER_KEY = "profilestream.encryption.master-key";
    static final String ADMIN_KEY = "profilestream.ingest.admin-key";

    /** Every property whose value is a secret. */
    static final Set<String> SECRET_PROPERTIES = Set.of(HMAC_KEY, PREVIOUS_HMAC_KEY, MASTER_KEY, ADMIN_KEY);

    /** Those a service cannot start without outside the 'local' profile (the previous key is optional). */
    static final Set<String> REQUIRED = Set.of(HMAC_KEY, MASTER_KEY, ADMIN_KEY);

    private Keys() {
    }

    /** The secret properties this service binds. */
    static Set<String> of(ServiceModule service) {
        Set<String> keys = new TreeSet<>();
        SECRET_PROPERTIES.stream().filter(service.properties()::has).forEach(keys::add);
        return keys;
    }
}
