package io.profilestream.deployment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** docker-compose.yml as SnakeYAML reads it (YAML merge keys resolved), with the lookups the tests need. */
final class ComposeFile {

    private final Map<String, Object> root;

    /**
     * A short-syntax volume entry {@code source:target[:ro]}.
     *
     * @param source   named volume or host path
     * @param target   path in the container
     * @param readOnly mounted {@code :ro}
     */
    record Mount(String source, String target, boolean readOnly) {

        /** Whether this mount holds the directory (it is the target or below it). */
        boolean holds(String directory) {
            return directory.equals(target) || directory.startsWith(target + "/");
        }
    }

    private ComposeFile(Map<String, Object> root) {
        this.root = root;
    }

    /** Reads the repository's docker-compose.yml. */
    static ComposeFile read() {
        return new ComposeFile(Repo.yaml(Repo.path("docker-compose.yml")));
    }

    /** The names under {@code services}. */
    List<String> serviceNames() {
        return List.copyOf(map(root, "services").keySet());
    }

    /** One service's definition. */
    Map<String, Object> service(String name) {
        Map<String, Object> service = map(map(root, "services"), name);
        if (service.isEmpty()) {
            throw new AssertionError("docker-compose.yml has no service " + name);
        }
        return service;
    }

    /** The named volumes declared at the top level. */
    List<String> namedVolumes() {
        return List.copyOf(map(root, "volumes").keySet());
    }

    /**
     * A service's environment: each name with its value as a string, or null for a bare name
     * (passed through from the operator's environment).
     */
    Map<String, String> environment(String service) {
        Object env = service(service).get("environment");
        Map<String, String> result = new LinkedHashMap<>();
        if (env instanceof Map<?, ?> m) {
            m.forEach((k, v) -> result.put(k.toString(), v == null ? null : v.toString()));
        } else if (env instanceof List<?> list) {
            for (Object entry : list) {
                String[] pair = entry.toString().split("=", 2);
                result.put(pair[0], pair.length == 2 ? pair[1] : null);
            }
        }
        return result;
    }

    /** A service's short-syntax volume mounts. */
    List<Mount> mounts(String service) {
        List<Mount> mounts = new ArrayList<>();
        Object volumes = service(service).get("volumes");
        if (volumes instanceof List<?> list) {
            for (Object v : list) {
                // ${VAR:-default} interpolations may hold ':' themselves: split outside them only.
                String[] parts = v.toString().split(":(?![^{]*})");
                if (parts.length < 2 || parts.length > 3) {
                    throw new AssertionError("not a source:target[:mode] volume: " + v);
                }
                mounts.add(new Mount(parts[0], parts[1], parts.length == 3 && parts[2].equals("ro")));
            }
        }
        return mounts;
    }

    /** The mount holding a directory, if any (the deepest). */
    Optional<Mount> mountHolding(String service, String directory) {
        return mounts(service).stream().filter(m -> m.holds(directory))
                .max((a, b) -> Integer.compare(a.target().length(), b.target().length()));
    }

    /** A nested map of a service ({@code build}, {@code depends_on}, {@code healthcheck}...), empty when absent. */
    static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?>)) {
            throw new AssertionError(key + " is not a mapping: " + value);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) value;
        return map;
    }
}
