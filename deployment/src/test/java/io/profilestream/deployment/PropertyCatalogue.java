package io.profilestream.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Every property one service binds, and which of them an environment variable sets, decided by
 * Spring Boot's own relaxed binding of the system environment (so exactly as the service would).
 *
 * <p>The catalogue is: the service's own metadata and common-model's, each restricted to the
 * properties classes the service enables ({@link EnabledPropertyClasses}); plus Spring Boot's own
 * metadata under {@link #SPRING_BOOT_PREFIXES}; plus {@link #JVM_VARIABLES}.
 */
final class PropertyCatalogue {

    /**
     * The Spring Boot property groups a deployment may set, each still checked name by name against
     * Spring Boot's metadata (SERVER_PORT, SERVER_ADDRESS, SPRING_PROFILES_ACTIVE,
     * LOGGING_STRUCTURED_FORMAT_CONSOLE, MANAGEMENT_*...). Not spring.kafka.* and the like: those
     * belong to auto-configurations these services do not use, so setting them would do nothing.
     */
    static final List<String> SPRING_BOOT_PREFIXES = List.of(
            "server.", "management.", "logging.", "spring.profiles.", "spring.application.", "spring.lifecycle.");

    /** Read by the JVM itself, not by Spring. */
    static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS");

    private final List<Entry> entries;

    private record Entry(ConfigurationMetadata.Property property, ConfigurationPropertyName name) {
    }

    private PropertyCatalogue(List<ConfigurationMetadata.Property> properties) {
        List<Entry> list = new ArrayList<>();
        for (ConfigurationMetadata.Property p : properties) {
            // Spring Boot's metadata lists a few names the binder would never accept (placeholders, camel case).
            if (ConfigurationPropertyName.isValid(p.name())) {
                list.add(new Entry(p, ConfigurationPropertyName.of(p.name())));
            }
        }
        this.entries = List.copyOf(list);
    }

    /** The catalogue of one service. */
    static PropertyCatalogue of(ServiceModule service) {
        Set<String> enabled = EnabledPropertyClasses.of(service);
        List<ConfigurationMetadata.Property> all = new ArrayList<>();
        for (String module : List.of(service.module(), "common-model")) {
            for (ConfigurationMetadata.Property p : ConfigurationMetadata.ofModule(module)) {
                if (enabled.contains(p.declaringTopLevelClass())) {
                    all.add(p);
                }
            }
        }
        try {
            for (ConfigurationMetadata.Property p : ConfigurationMetadata.fromClassPath(url -> url.contains("/org/springframework/boot/"))) {
                if (SPRING_BOOT_PREFIXES.stream().anyMatch(p.name()::startsWith)) {
                    all.add(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PropertyCatalogue(all);
    }

    /** A catalogue of exactly these properties (for testing the binding rules themselves). */
    static PropertyCatalogue of(List<ConfigurationMetadata.Property> properties) {
        return new PropertyCatalogue(properties);
    }

    /** Whether the service binds this property (canonical name). */
    boolean has(String propertyName) {
        return entries.stream().anyMatch(e -> e.property().name().equals(propertyName));
    }

    /**
     * The property an environment variable of this name sets in the service, or empty when it sets
     * none (a typo, or a property of another service). A JVM variable names itself.
     */
    Optional<String> propertyFor(String variable) {
        if (JVM_VARIABLES.contains(variable)) {
            return Optional.of(variable);
        }
        ConfigurationPropertySource environment = ConfigurationPropertySource.from(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(variable, "set")));
        for (Entry e : entries) {
            ConfigurationProperty bound = environment.getConfigurationProperty(e.name());
            if (bound != null) {
                return Optional.of(e.property().name());
            }
        }
        for (Entry e : entries) {
            if (e.property().isContainer() && environment.containsDescendantOf(e.name()) == ConfigurationPropertyState.PRESENT) {
                return Optional.of(e.property().name());
            }
        }
        return Optional.empty();
    }
}
