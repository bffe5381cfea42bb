package io.profilestream.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads {@code META-INF/spring-configuration-metadata.json}, which Spring Boot's configuration
 * processor writes for every {@code @ConfigurationProperties} class at compile time.
 */
final class ConfigurationMetadata {

    static final String RESOURCE = "META-INF/spring-configuration-metadata.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One property.
     *
     * @param name       canonical name, e.g. {@code profilestream.streams.state-dir}
     * @param type       Java type as the processor wrote it (may be null)
     * @param sourceType the class that declares it (may be null)
     */
    record Property(String name, String type, String sourceType) {

        /** Maps, lists, sets and arrays bind names below their own (e.g. {@code client.num.standby.replicas}). */
        boolean isContainer() {
            return type != null && (type.startsWith("java.util.Map") || type.startsWith("java.util.List")
                    || type.startsWith("java.util.Set") || type.startsWith("java.util.Collection") || type.endsWith("[]"));
        }

        /** The declaring top-level class ({@code Outer$Inner} becomes {@code Outer}). */
        String declaringTopLevelClass() {
            if (sourceType == null) {
                return null;
            }
            int nested = sourceType.indexOf('$');
            return nested < 0 ? sourceType : sourceType.substring(0, nested);
        }
    }

    private ConfigurationMetadata() {
    }

    /** The properties of one metadata file. */
    static List<Property> read(InputStream in) throws IOException {
        JsonNode root = JSON.readTree(in);
        List<Property> properties = new ArrayList<>();
        for (JsonNode p : root.path("properties")) {
            properties.add(new Property(p.path("name").asText(), text(p.get("type")), text(p.get("sourceType"))));
        }
        return properties;
    }

    /**
     * The metadata of a module: from {@code <module>/target/classes} when the module was built in
     * this tree (the newest), else from its jar on the test class path.
     */
    static List<Property> ofModule(String module) {
        Path built = Repo.path(module + "/target/classes/" + RESOURCE);
        try {
            if (Files.isRegularFile(built)) {
                try (InputStream in = Files.newInputStream(built)) {
                    return read(in);
                }
            }
            List<Property> found = fromClassPath(url -> url.contains("/" + module + "/") || url.contains("/" + module + "-"));
            if (found.isEmpty()) {
                throw new IllegalStateException("no " + RESOURCE + " of " + module + ": build it (mvn -o -q -pl " + module + " compile)");
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The metadata of every jar on the test class path whose URL passes the filter, concatenated. */
    static List<Property> fromClassPath(Predicate<String> urlFilter) throws IOException {
        List<Property> properties = new ArrayList<>();
        for (URL url : Collections.list(ConfigurationMetadata.class.getClassLoader().getResources(RESOURCE))) {
            if (urlFilter.test(url.toString())) {
                try (InputStream in = url.openStream()) {
                    properties.addAll(read(in));
                }
            }
        }
        return properties;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
