package io.profilestream.model.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the {@link ApiRole} of an API key. Only the SHA-256 digests of the keys are kept, and a key
 * is looked up by comparing its digest with every stored digest in constant time, without stopping
 * at a match, so neither the content nor the position of a key shows in response times.
 */
public final class ApiKeyAuthenticator {

    /** Shortest key accepted: shorter keys can be guessed by brute force over HTTP. */
    public static final int MIN_KEY_LENGTH = 16;

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyAuthenticator.class);

    private record Entry(byte[] digest, ApiRole role) {
    }

    private final List<Entry> entries;

    private ApiKeyAuthenticator(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Validates the configured keys and builds the authenticator; called once at start-up.
     *
     * @param properties   the configured keys and key files
     * @param needed       the roles the service's endpoints require: each needs at least one key
     * @param localProfile whether the {@code local} Spring profile is active; outside it, each
     *                     {@link LocalDevelopmentKeys local development key} in use is warned about once
     * @throws IllegalStateException with a message naming the property and env variable to set,
     *                               when a needed role has no key, a key is shorter than
     *                               {@value #MIN_KEY_LENGTH} characters, a key is given to two
     *                               roles, or a key file cannot be read
     */
    public static ApiKeyAuthenticator fromProperties(ApiKeyProperties properties, Set<ApiRole> needed,
                                                     boolean localProfile) {
        Map<ApiRole, List<String>> keys = properties.resolve();
        for (ApiRole role : needed) {
            if (keys.get(role).isEmpty()) {
                throw new IllegalStateException("no " + role + " API key is configured: set " + ApiKeyProperties.keysProperty(role)
                        + " (env " + ApiKeyProperties.keysEnv(role) + ", comma-separated, each at least " + MIN_KEY_LENGTH
                        + " random characters) or " + ApiKeyProperties.keyFilesProperty(role) + " (env "
                        + ApiKeyProperties.keyFilesEnv(role) + ", files with one key per line), or run with the 'local' "
                        + "profile for a demo");
            }
        }
        Map<String, ApiRole> roleOfKey = new HashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<ApiRole, List<String>> e : keys.entrySet()) {
            ApiRole role = e.getKey();
            for (String key : e.getValue()) {
                if (key.length() < MIN_KEY_LENGTH) {
                    throw new IllegalStateException("one of the " + role + " API keys (" + ApiKeyProperties.keysProperty(role) + " or "
                            + ApiKeyProperties.keyFilesProperty(role) + ") is shorter than " + MIN_KEY_LENGTH + " characters");
                }
                ApiRole other = roleOfKey.putIfAbsent(key, role);
                if (other != null && other != role) {
                    throw new IllegalStateException("the same API key is configured for the roles " + other + " and " + role
                            + ": give each role its own keys");
                }
                if (other == null) {
                    entries.add(new Entry(digest(key), role));
                }
            }
        }
        if (!localProfile) {
            Set<ApiRole> local = roleOfKey.entrySet().stream()
                    .filter(e -> LocalDevelopmentKeys.of(e.getValue()).equals(e.getKey()))
                    .map(Map.Entry::getValue)
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(ApiRole.class)));
            if (!local.isEmpty()) {
                LOG.warn("The public local-development API key of the role(s) {} is configured outside the 'local' profile: "
                        + "anyone can use it. Never do this in production.", local);
            }
        }
        return new ApiKeyAuthenticator(entries);
    }

    /** An authenticator for exactly these keys (tests, tools); no validation. */
    public static ApiKeyAuthenticator of(Map<ApiRole, ? extends Collection<String>> keys) {
        List<Entry> entries = new ArrayList<>();
        keys.forEach((role, list) -> list.forEach(key -> entries.add(new Entry(digest(key), role))));
        return new ApiKeyAuthenticator(entries);
    }

    /**
     * The role of {@code key}, or empty when it is null, empty or unknown. Every stored digest is
     * compared, whatever the outcome.
     */
    public Optional<ApiRole> roleOf(String key) {
        if (key == null || key.isEmpty()) {
            return Optional.empty();
        }
        byte[] given = digest(key);
        ApiRole found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.digest(), given) && found == null) {
                found = entry.role();
            }
        }
        return Optional.ofNullable(found);
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "ApiKeyAuthenticator[" + entries.size() + " keys]";
    }
}
