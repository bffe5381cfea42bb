package io.profilestream.deployment;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The k8s/ manifests as fabric8 Kubernetes model objects. SnakeYAML reads each document into maps
 * and Jackson converts them to the model class of their apiVersion and kind; fabric8 keeps fields it
 * does not know in {@code additionalProperties}, so {@link #unknownFields} finds misspelt ones.
 */
final class KubernetesManifests {

    /** The Job model is not among this module's fabric8 jars: it is read generically, its pod template typed. */
    static final String JOB = "batch/v1/Job";

    /** Read generically like {@link #JOB}: its Job's pod template ({@link #cronJobTemplate}) is typed. */
    static final String CRON_JOB = "batch/v1/CronJob";

    /** Secret placeholders, deliberately not listed in the kustomization. */
    static final String SECRETS_EXAMPLE = "secrets.example.yaml";

    private static final Map<String, Class<? extends HasMetadata>> MODELS = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry(JOB, GenericKubernetesResource.class),
            Map.entry(CRON_JOB, GenericKubernetesResource.class));

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One document.
     *
     * @param file  its file (name within k8s/)
     * @param raw   the document as SnakeYAML read it
     * @param model the fabric8 object
     */
    record Manifest(String file, Map<String, Object> raw, HasMetadata model) {

        String name() {
            return model.getMetadata().getName();
        }
    }

    private final List<Manifest> manifests;

    private KubernetesManifests(List<Manifest> manifests) {
        this.manifests = List.copyOf(manifests);
    }

    /** What {@code kubectl apply -k dir} applies: the files listed under resources in its kustomization.yaml. */
    static KubernetesManifests applied(Path dir) {
        Object resources = Repo.yaml(dir.resolve("kustomization.yaml")).get("resources");
        if (!(resources instanceof List<?> files)) {
            throw new IllegalStateException(dir + "/kustomization.yaml lists no resources");
        }
        return load(files.stream().map(f -> dir.resolve(f.toString())).toList());
    }

    /** Every document of these files. */
    static KubernetesManifests load(List<Path> files) {
        List<Manifest> all = new ArrayList<>();
        for (Path file : files) {
            for (Map<String, Object> document : Repo.yamlDocuments(file)) {
                String type = document.get("apiVersion") + "/" + document.get("kind");
                Class<? extends HasMetadata> model = MODELS.get(type);
                if (model == null) {
                    throw new IllegalStateException(file.getFileName() + ": no model for " + type);
                }
                all.add(new Manifest(file.getFileName().toString(), document, JSON.convertValue(document, model)));
            }
        }
        return new KubernetesManifests(all);
    }

    /** The manifest files of a directory, sorted. */
    static List<Path> manifestFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml"))
                    .filter(f -> !f.getFileName().toString().equals("kustomization.yaml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Secrets of k8s/secrets.example.yaml (placeholders, not applied by the kustomization). */
    static List<Secret> secretsExample(Path dir) {
        return load(List.of(dir.resolve(SECRETS_EXAMPLE))).of(Secret.class);
    }

    List<Manifest> all() {
        return manifests;
    }

    /** Every object of one model class. */
    <T extends HasMetadata> List<T> of(Class<T> type) {
        return manifests.stream().map(Manifest::model).filter(type::isInstance).map(type::cast).toList();
    }

    /** The one object of this class and name. */
    <T extends HasMetadata> T named(Class<T> type, String name) {
        List<T> found = of(type).stream().filter(o -> o.getMetadata().getName().equals(name)).toList();
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " " + type.getSimpleName() + " named " + name + " in k8s/, expected 1");
        }
        return found.get(0);
    }

    /** The raw documents of one apiVersion/kind (for kinds read generically). */
    List<Map<String, Object>> raw(String apiVersionAndKind) {
        return manifests.stream()
                .filter(m -> apiVersionAndKind.equals(m.raw().get("apiVersion") + "/" + m.raw().get("kind")))
                .map(Manifest::raw).toList();
    }

    /** The pod template of a Job document, typed. */
    @SuppressWarnings("unchecked")
    static PodTemplateSpec jobTemplate(Map<String, Object> job) {
        return JSON.convertValue(((Map<String, Object>) job.get("spec")).get("template"), PodTemplateSpec.class);
    }

    /** The {@code spec} of a CronJob's Job ({@code spec.jobTemplate.spec}), as read. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> cronJobSpec(Map<String, Object> cronJob) {
        return (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) cronJob.get("spec")).get("jobTemplate")).get("spec");
    }

    /** The pod template of a CronJob document's Job, typed. */
    static PodTemplateSpec cronJobTemplate(Map<String, Object> cronJob) {
        return JSON.convertValue(cronJobSpec(cronJob).get("template"), PodTemplateSpec.class);
    }

    /** The pod templates of every Job and of every CronJob's Job. */
    List<PodTemplateSpec> jobTemplates() {
        List<PodTemplateSpec> templates = new ArrayList<>();
        raw(JOB).forEach(j -> templates.add(jobTemplate(j)));
        raw(CRON_JOB).forEach(j -> templates.add(cronJobTemplate(j)));
        return templates;
    }

    /**
     * Paths of fields the model does not know (typos such as {@code readinesProbe}), found in
     * every object's {@code additionalProperties}.
     */
    static List<String> unknownFields(Object model, String path) {
        List<String> unknown = new ArrayList<>();
        walk(model, path, unknown, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        return unknown;
    }

    private static void walk(Object o, String path, List<String> unknown, Set<Object> seen) {
        if (o == null || o instanceof String || o instanceof Number || o instanceof Boolean || !seen.add(o)) {
            return;
        }
        if (o instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, unknown, seen));
            return;
        }
        if (o instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : o.getClass().getMethods()) {
            String name = getter.getName();
            if (getter.getParameterCount() != 0 || !name.startsWith("get") || name.equals("getClass")
                    || !getter.getDeclaringClass().getName().startsWith("io.fabric8")) {
                continue;
            }
            Object value = invoke(getter, o);
            if (name.equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + ": " + extra.keySet());
                }
            } else {
                walk(value, path + "." + Character.toLowerCase(name.charAt(3)) + name.substring(4), unknown, seen);
            }
        }
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + getter, e);
        }
    }
}
