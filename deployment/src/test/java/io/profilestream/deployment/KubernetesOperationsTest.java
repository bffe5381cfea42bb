package io.profilestream.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;

/** What k8s/ gives each pod to run safely: resources, disruption budgets, security context, scaling bounds, shutdown time, topics. */
class KubernetesOperationsTest {

    private static final Path K8S = Repo.path("k8s");
    private static final String TOPICS_JOB = "profilestream-topics";

    private final KubernetesManifests manifests = KubernetesManifests.applied(K8S);

    @Test
    void shouldGiveEveryContainerResourceRequestsAndLimits() {
        List<Container> containers = new ArrayList<>();
        Workload.all(manifests).forEach(w -> containers.addAll(w.template().getSpec().getContainers()));
        manifests.jobTemplates().forEach(t -> {
            containers.addAll(t.getSpec().getInitContainers());
            containers.addAll(t.getSpec().getContainers());
        });

        // The topics Job's container; the re-fit CronJob's segments container.
        assertThat(containers).hasSize(ServiceModule.values().length + 2);
        for (Container c : containers) {
            ResourceRequirements r = c.getResources();
            assertThat(r.getRequests()).as(c.getName() + " requests").containsKeys("cpu", "memory");
            assertThat(r.getLimits()).as(c.getName() + " limits").containsKeys("cpu", "memory");
            for (String resource : List.of("cpu", "memory")) {
                assertThat(Quantity.getAmountInBytes(r.getRequests().get(resource)))
                        .as(c.getName() + " " + resource + " request <= limit")
                        .isLessThanOrEqualTo(Quantity.getAmountInBytes(r.getLimits().get(resource)));
            }
        }
    }

    @Test
    void shouldCoverEveryWorkloadWithExactlyOneDisruptionBudget() {
        for (Workload w : Workload.all(manifests)) {
            List<PodDisruptionBudget> budgets = manifests.of(PodDisruptionBudget.class).stream()
                    .filter(p -> w.labels().entrySet().containsAll(p.getSpec().getSelector().getMatchLabels().entrySet()))
                    .toList();

            assertThat(budgets).as(w.name()).hasSize(1);
            assertThat(budgets.get(0).getSpec().getMaxUnavailable().getIntVal()).as(w.name()).isEqualTo(1);
        }
        assertThat(manifests.of(PodDisruptionBudget.class)).hasSize(Workload.all(manifests).size());
    }

    @Test
    void shouldRunAsTheImagesNonRootUserWithAReadOnlyRootFileSystemAndAWritableTmp() {
        ServiceDockerfile image = ServiceDockerfile.read();
        List<PodTemplateSpec> templates = new ArrayList<>();
        for (Workload w : Workload.all(manifests)) {
            PodSecurityContext pod = w.template().getSpec().getSecurityContext();

            assertThat(pod.getRunAsUser()).as(w.name()).isEqualTo((long) image.uid());
            assertThat(pod.getRunAsGroup()).as(w.name()).isEqualTo((long) image.gid());
            // The state volume must be writable by the service's group.
            assertThat(pod.getFsGroup()).as(w.name()).isEqualTo(w.kind().equals("StatefulSet") ? Long.valueOf(image.gid()) : null);
            templates.add(w.template());
        }
        templates.addAll(manifests.jobTemplates());
        for (PodTemplateSpec t : templates) {
            PodSecurityContext pod = t.getSpec().getSecurityContext();
            assertThat(pod.getRunAsNonRoot()).isTrue();
            assertThat(pod.getRunAsUser()).isPositive();
            assertThat(pod.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            List<Container> containers = new ArrayList<>(t.getSpec().getInitContainers());
            containers.addAll(t.getSpec().getContainers());
            for (Container c : containers) {
                SecurityContext sc = c.getSecurityContext();
                assertThat(sc.getReadOnlyRootFilesystem()).as(c.getName()).isTrue();
                assertThat(sc.getAllowPrivilegeEscalation()).as(c.getName()).isFalse();
                assertThat(sc.getCapabilities().getDrop()).as(c.getName()).containsExactly("ALL");
                // RocksDB, JavaCPP (ND4J), Tomcat and kafka-run-class.sh write below /tmp.
                VolumeMount tmp = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp")).findFirst()
                        .orElseThrow(() -> new AssertionError(c.getName() + " has no writable /tmp"));
                Volume volume = t.getSpec().getVolumes().stream().filter(v -> v.getName().equals(tmp.getName())).findFirst().orElseThrow();
                assertThat(volume.getEmptyDir()).as(c.getName() + " /tmp").isNotNull();
            }
        }
        // The Dockerfile's JVM options carry the Vector API the LSTM step and retrieval use.
        assertThat(image.javaOptions()).contains("--add-modules=jdk.incubator.vector");
    }

    @Test
    void shouldScaleNoStreamsServiceBeyondThePartitionCount() {
        int partitions = Integer.parseInt(jobEnv("PARTITIONS").getValue());
        Map<String, Integer> maxReplicas = new TreeMap<>();
        for (HorizontalPodAutoscaler hpa : manifests.of(HorizontalPodAutoscaler.class)) {
            String target = hpa.getSpec().getScaleTargetRef().getKind() + "/" + hpa.getSpec().getScaleTargetRef().getName();
            maxReplicas.put(target, hpa.getSpec().getMaxReplicas());
            List<MetricSpec> metrics = hpa.getSpec().getMetrics();

            assertThat(metrics).as(target).singleElement().satisfies(m -> {
                assertThat(m.getResource().getName()).isEqualTo("cpu");
                assertThat(m.getResource().getTarget().getType()).isEqualTo("Utilization");
            });
            assertThat(hpa.getSpec().getMinReplicas()).as(target).isLessThanOrEqualTo(hpa.getSpec().getMaxReplicas());
        }
        for (StatefulSet set : manifests.of(StatefulSet.class)) {
            assertThat(set.getSpec().getReplicas()).as(set.getMetadata().getName()).isLessThanOrEqualTo(partitions);
            Integer max = maxReplicas.get("StatefulSet/" + set.getMetadata().getName());
            if (max != null) {
                assertThat(max).as(set.getMetadata().getName() + " maxReplicas").isLessThanOrEqualTo(partitions);
            }
        }

        assertThat(maxReplicas.keySet()).containsExactly("Deployment/ingest-service", "StatefulSet/recommender-service");
        assertThat(partitions).isEqualTo(12);
    }

    @Test
    void shouldGiveStreamsPodsTimeToCloseKafkaStreamsCleanly() {
        for (Workload w : Workload.all(manifests)) {
            Long grace = w.template().getSpec().getTerminationGracePeriodSeconds();

            assertThat(grace).as(w.name()).isNotNull();
            assertThat(Duration.ofSeconds(grace)).as(w.name()).isGreaterThan(StreamsShutdown.minimumGracePeriod());
        }
    }

    @Test
    void shouldCreateTheTopicsWithTheSharedScriptAndTheKafkaVersionTheTestsUse() {
        List<Map<String, Object>> jobs = manifests.raw(KubernetesManifests.JOB);
        assertThat(jobs).hasSize(1);
        PodTemplateSpec template = KubernetesManifests.jobTemplate(jobs.get(0));
        Container c = template.getSpec().getContainers().get(0);
        EnvVar bootstrap = jobEnv("BOOTSTRAP_SERVERS");
        ConfigMap config = manifests.named(ConfigMap.class, bootstrap.getValueFrom().getConfigMapKeyRef().getName());
        VolumeMount scriptMount = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/opt/profilestream")).findFirst().orElseThrow();
        Volume script = template.getSpec().getVolumes().stream().filter(v -> v.getName().equals(scriptMount.getName())).findFirst().orElseThrow();

        assertThat(((Map<?, ?>) jobs.get(0).get("metadata")).get("name")).isEqualTo(TOPICS_JOB);
        assertThat(c.getImage()).isEqualTo("apache/kafka:" + AppInfoParser.getVersion());
        assertThat(c.getCommand()).containsExactly("sh", "/opt/profilestream/create-topics.sh");
        assertThat(script.getConfigMap().getName()).isEqualTo("profilestream-topics-script");
        assertThat(bootstrap.getValueFrom().getConfigMapKeyRef().getKey()).isEqualTo("PROFILESTREAM_KAFKA_BOOTSTRAP_SERVERS");
        assertThat(config.getData()).containsKey("PROFILESTREAM_KAFKA_BOOTSTRAP_SERVERS");
        assertThat(template.getSpec().getRestartPolicy()).isEqualTo("OnFailure");
    }

    private EnvVar jobEnv(String name) {
        PodTemplateSpec template = KubernetesManifests.jobTemplate(manifests.raw(KubernetesManifests.JOB).get(0));
        return template.getSpec().getContainers().get(0).getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("topics Job sets no " + name));
    }
}
