package io.profilestream.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.core.type.classreading.SimpleMetadataReaderFactory;
import org.springframework.util.MultiValueMap;

/**
 * Which {@code @ConfigurationProperties} classes a service really enables: those named by
 * {@code @EnableConfigurationProperties} on its classes and on the configurations they
 * {@code @Import} (e.g. common-model's PurgeConfiguration). Read from the bytecode (Spring's ASM
 * metadata reader), so no class is loaded or initialised. This is what tells that the
 * profile-updater, which binds common-model's EncryptionProperties but not its PrivacyProperties,
 * has no use for the HMAC key.
 */
final class EnabledPropertyClasses {

    private EnabledPropertyClasses() {
    }

    /** Names of the enabled properties classes of a service. */
    static Set<String> of(ServiceModule service) {
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        MetadataReaderFactory readers = new SimpleMetadataReaderFactory(resolver);
        String pattern = service.builtHere()
                ? "file:" + service.classesDir() + "/**/*.class"
                : "classpath*:" + service.basePackage().replace('.', '/') + "/**/*.class";
        Set<String> enabled = new TreeSet<>();
        Set<String> visited = new HashSet<>();
        Deque<AnnotationMetadata> pending = new ArrayDeque<>();
        try {
            for (Resource classFile : resolver.getResources(pattern)) {
                pending.add(readers.getMetadataReader(classFile).getAnnotationMetadata());
            }
            while (!pending.isEmpty()) {
                AnnotationMetadata type = pending.poll();
                if (!visited.add(type.getClassName())) {
                    continue;
                }
                enabled.addAll(classValues(type, EnableConfigurationProperties.class.getName()));
                for (String imported : classValues(type, Import.class.getName())) {
                    // Our own configurations only: Spring's imports (auto-configuration) bind no profilestream.* property.
                    if (imported.startsWith("io.profilestream.") && !visited.contains(imported)) {
                        pending.add(readers.getMetadataReader(imported).getAnnotationMetadata());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return enabled;
    }

    private static Set<String> classValues(AnnotationMetadata type, String annotation) {
        Set<String> names = new TreeSet<>();
        MultiValueMap<String, Object> attributes = type.getAllAnnotationAttributes(annotation, true);
        if (attributes == null) {
            return names;
        }
        List<Object> values = attributes.get("value");
        if (values != null) {
            for (Object value : values) {
                if (value instanceof String[] classes) {
                    names.addAll(List.of(classes));
                } else if (value instanceof String single) {
                    names.add(single);
                }
            }
        }
        return names;
    }
}
