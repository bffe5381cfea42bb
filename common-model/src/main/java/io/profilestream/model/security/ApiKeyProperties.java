package io.profilestream.model.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The API keys of a service ({@code profilestream.security.*}), per {@link ApiRole}: given inline
 * (env {@code PROFILESTREAM_SECURITY_READERKEYS=k1,k2}) and/or as files, one key per line, such as
 * Kubernetes Secret mounts (env {@code PROFILESTREAM_SECURITY_READERKEYFILES=/etc/profilestream/keys/reader}).
 * Several keys per role let an operator rotate a key without downtime: add the new one, move the
 * clients, remove the old one. Files are read once, at start-up ({@link #resolve()}); blank lines
 * and surrounding white space are ignored.
 *
 * @param producerKeys     keys that may post events and catalogue entries
 * @param producerKeyFiles files holding producer keys
 * @param readerKeys       keys that may read recommendations, items, profiles and the dashboard
 * @param readerKeyFiles   files holding reader keys
 * @param adminKeys        keys that may erase users and do everything else
 * @param adminKeyFiles    files holding admin keys
 */
@ConfigurationProperties("profilestream.security")
public record ApiKeyProperties(
        @DefaultValue List<String> producerKeys,
        @DefaultValue List<Path> producerKeyFiles,
        @DefaultValue List<String> readerKeys,
        @DefaultValue List<Path> readerKeyFiles,
        @DefaultValue List<String> adminKeys,
        @DefaultValue List<Path> adminKeyFiles) {

    /** Property prefix, for messages. */
    public static final String PREFIX = "profilestream.security";

    /** Null lists (when constructed by hand) become empty ones. */
    public ApiKeyProperties {
        producerKeys = producerKeys == null ? List.of() : producerKeys;
        producerKeyFiles = producerKeyFiles == null ? List.of() : producerKeyFiles;
        readerKeys = readerKeys == null ? List.of() : readerKeys;
        readerKeyFiles = readerKeyFiles == null ? List.of() : readerKeyFiles;
        adminKeys = adminKeys == null ? List.of() : adminKeys;
        adminKeyFiles = adminKeyFiles == null ? List.of() : adminKeyFiles;
    }

    /**
     * The keys of every role, inline ones first, then those read from the role's files, trimmed,
     * without blank entries.
     *
     * @throws IllegalStateException when a key file cannot be read (the message names the file and
     *                               its property, never its content)
     */
    public Map<ApiRole, List<String>> resolve() {
        Map<ApiRole, List<String>> keys = new EnumMap<>(ApiRole.class);
        keys.put(ApiRole.PRODUCER, collect(ApiRole.PRODUCER, producerKeys, producerKeyFiles));
        keys.put(ApiRole.READER, collect(ApiRole.READER, readerKeys, readerKeyFiles));
        keys.put(ApiRole.ADMIN, collect(ApiRole.ADMIN, adminKeys, adminKeyFiles));
        return keys;
    }

    /** {@code profilestream.security.reader-keys} and the like. */
    public static String keysProperty(ApiRole role) {
        return PREFIX + "." + role.name().toLowerCase(java.util.Locale.ROOT) + "-keys";
    }

    /** {@code profilestream.security.reader-key-files} and the like. */
    public static String keyFilesProperty(ApiRole role) {
        return PREFIX + "." + role.name().toLowerCase(java.util.Locale.ROOT) + "-key-files";
    }

    /** {@code PROFILESTREAM_SECURITY_READERKEYS} and the like. */
    public static String keysEnv(ApiRole role) {
        return "PROFILESTREAM_SECURITY_" + role.name() + "KEYS";
    }

    /** {@code PROFILESTREAM_SECURITY_READERKEYFILES} and the like. */
    public static String keyFilesEnv(ApiRole role) {
        return "PROFILESTREAM_SECURITY_" + role.name() + "KEYFILES";
    }

    private static List<String> collect(ApiRole role, List<String> inline, List<Path> files) {
        List<String> out = new ArrayList<>();
        inline.forEach(key -> addTrimmed(out, key));
        for (Path file : files) {
            try {
                Files.readAllLines(file, StandardCharsets.UTF_8).forEach(line -> addTrimmed(out, line));
            } catch (IOException | UncheckedIOException e) {
                throw new IllegalStateException("cannot read the " + role + " key file " + file + " ("
                        + keyFilesProperty(role) + ", env " + keyFilesEnv(role) + "): " + e.getClass().getSimpleName(), e);
            }
        }
        return List.copyOf(out);
    }

    private static void addTrimmed(List<String> out, String key) {
        if (key != null && !key.isBlank()) {
            out.add(key.trim());
        }
    }

    @Override
    public String toString() {
        // Never print a key, even in a configuration dump or a failure analysis.
        return "ApiKeyProperties[producerKeys=" + producerKeys.size() + " redacted, producerKeyFiles=" + producerKeyFiles
                + ", readerKeys=" + readerKeys.size() + " redacted, readerKeyFiles=" + readerKeyFiles
                + ", adminKeys=" + adminKeys.size() + " redacted, adminKeyFiles=" + adminKeyFiles + "]";
    }
}
