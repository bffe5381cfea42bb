package io.profilestream.model.security;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which {@link ApiRole} each endpoint of a service requires, by path. A rule covers a path prefix
 * and everything below it ({@code /v1/users} covers {@code /v1/users/u1/erasure}) whatever the
 * method, so an endpoint added later under a guarded prefix is guarded too; the first matching
 * rule wins. Paths under a guarded root (e.g. {@code /v1}) that no rule names require
 * {@link ApiRole#ADMIN}: a forgotten rule refuses callers instead of letting them in. Other paths
 * (OpenAPI documents, Swagger UI, static pages) are open.
 *
 * <p>Paths are compared without case and with repeated slashes folded, so that no spelling the
 * servlet container or Spring MVC might still route to an endpoint slips past its rule.
 */
public final class EndpointRoles {

    private record Rule(String prefix, ApiRole role) {
    }

    private final List<Rule> rules;
    private final List<String> guardedRoots;

    private EndpointRoles(List<Rule> rules, List<String> guardedRoots) {
        this.rules = List.copyOf(rules);
        this.guardedRoots = List.copyOf(guardedRoots);
    }

    /** Starts a set of rules. */
    public static Builder builder() {
        return new Builder();
    }

    /** The role {@code path} requires, or empty when it is open. */
    public Optional<ApiRole> requiredFor(String path) {
        String normalised = normalise(path);
        for (Rule rule : rules) {
            if (covers(rule.prefix(), normalised)) {
                return Optional.of(rule.role());
            }
        }
        for (String root : guardedRoots) {
            if (covers(root, normalised)) {
                return Optional.of(ApiRole.ADMIN);
            }
        }
        return Optional.empty();
    }

    /**
     * Every role a rule requires: the service needs a key of each. The ADMIN fallback of the
     * guarded roots is not counted: without an admin key, those paths are refused to everyone.
     */
    public Set<ApiRole> roles() {
        Set<ApiRole> roles = EnumSet.noneOf(ApiRole.class);
        rules.forEach(rule -> roles.add(rule.role()));
        return roles;
    }

    private static boolean covers(String prefix, String path) {
        return path.equals(prefix) || path.startsWith(prefix.endsWith("/") ? prefix : prefix + "/");
    }

    private static String normalise(String path) {
        String p = path == null || path.isEmpty() ? "/" : path;
        return p.replaceAll("/{2,}", "/").toLowerCase(Locale.ROOT);
    }

    /** Collects rules in order. */
    public static final class Builder {
        private final List<Rule> rules = new ArrayList<>();
        private final List<String> guardedRoots = new ArrayList<>();

        private Builder() {
        }

        /** {@code prefix} and every path below it require {@code role}. */
        public Builder require(String prefix, ApiRole role) {
            rules.add(new Rule(normalise(prefix), role));
            return this;
        }

        /** Paths below {@code root} that no rule names require {@link ApiRole#ADMIN}. */
        public Builder adminOtherwiseUnder(String root) {
            guardedRoots.add(normalise(root));
            return this;
        }

        /** The rules. */
        public EndpointRoles build() {
            return new EndpointRoles(rules, guardedRoots);
        }
    }
}
