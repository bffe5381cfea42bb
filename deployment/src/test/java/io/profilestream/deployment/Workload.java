package io.profilestream.deployment;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Deployment or StatefulSet of one service, with the lookups the manifest tests need: its
 * container, its environment (envFrom expanded), its ports and volumes.
 *
 * @param kind      Deployment or StatefulSet
 * @param name      workload name (= module name)
 * @param replicas  spec.replicas
 * @param template  the pod template
 * @param claims    names of the StatefulSet's volumeClaimTemplates (empty for a Deployment)
 */
record Workload(String kind, String name, int replicas, PodTemplateSpec template, List<String> claims) {

    /** Every Deployment and StatefulSet of the manifests. */
    static List<Workload> all(KubernetesManifests manifests) {
        List<Workload> all = new ArrayList<>();
        for (Deployment d : manifests.of(Deployment.class)) {
            all.add(new Workload("Deployment", d.getMetadata().getName(), d.getSpec().getReplicas(), d.getSpec().getTemplate(), List.of()));
        }
        for (StatefulSet s : manifests.of(StatefulSet.class)) {
            List<String> claims = s.getSpec().getVolumeClaimTemplates() == null ? List.of()
                    : s.getSpec().getVolumeClaimTemplates().stream().map(c -> c.getMetadata().getName()).toList();
            all.add(new Workload("StatefulSet", s.getMetadata().getName(), s.getSpec().getReplicas(), s.getSpec().getTemplate(), claims));
        }
        return all;
    }

    /** The workload of a service (exactly one). */
    static Workload of(KubernetesManifests manifests, ServiceModule service) {
        List<Workload> found = all(manifests).stream().filter(w -> w.name().equals(service.module())).toList();
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " workloads named " + service.module() + " in k8s/, expected 1");
        }
        return found.get(0);
    }

    /** The service's container: named like the workload. */
    Container container() {
        return template.getSpec().getContainers().stream().filter(c -> c.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " has no container named " + name));
    }

    /** The pod labels. */
    Map<String, String> labels() {
        return template.getMetadata().getLabels();
    }

    /** The explicitly listed env entries of the container. */
    List<EnvVar> env() {
        return container().getEnv() == null ? List.of() : container().getEnv();
    }

    /** One explicit env entry. */
    Optional<EnvVar> env(String variable) {
        return env().stream().filter(e -> e.getName().equals(variable)).findFirst();
    }

    /**
     * Every variable name the container gets: the explicit ones and every key of each envFrom
     * ConfigMap (with its prefix). envFrom Secrets are not expanded: the tests forbid them.
     */
    List<String> variableNames(KubernetesManifests manifests) {
        List<String> names = new ArrayList<>(env().stream().map(EnvVar::getName).toList());
        if (container().getEnvFrom() != null) {
            for (EnvFromSource from : container().getEnvFrom()) {
                if (from.getConfigMapRef() != null) {
                    ConfigMap map = manifests.named(ConfigMap.class, from.getConfigMapRef().getName());
                    String prefix = from.getPrefix() == null ? "" : from.getPrefix();
                    map.getData().keySet().forEach(k -> names.add(prefix + k));
                }
            }
        }
        return names;
    }

    /** A port number as a probe or Service names it: a number, or the name of a container port. */
    int resolvePort(IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container().getPorts().stream().filter(p -> port.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort).findFirst()
                .orElseThrow(() -> new AssertionError(name + " has no container port named " + port.getStrVal()));
    }

    /** The volume behind a mount. */
    Volume volume(VolumeMount mount) {
        return template.getSpec().getVolumes() == null ? null : template.getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals(mount.getName())).findFirst().orElse(null);
    }

    /** The mount whose path holds this directory (the longest such path), if any. */
    Optional<VolumeMount> mountHolding(String directory) {
        return container().getVolumeMounts().stream()
                .filter(m -> Path.of(directory).normalize().startsWith(Path.of(m.getMountPath()).normalize()))
                .max((a, b) -> Integer.compare(a.getMountPath().length(), b.getMountPath().length()));
    }

    /** Whether a mount is backed by the named PersistentVolumeClaim. */
    boolean mountsClaim(VolumeMount mount, PersistentVolumeClaim claim) {
        Volume v = volume(mount);
        return v != null && v.getPersistentVolumeClaim() != null
                && v.getPersistentVolumeClaim().getClaimName().equals(claim.getMetadata().getName());
    }
}
