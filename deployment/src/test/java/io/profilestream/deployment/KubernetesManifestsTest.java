package io.profilestream.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every manifest of k8s/ read with the fabric8 Kubernetes model and checked against the services'
 * configuration, as ComposeFileTest does for compose: kinds, ports, probes, environment, volumes.
 * Keys: KubernetesKeysTest; resources, budgets, security, scaling: KubernetesOperationsTest.
 */
class KubernetesManifestsTest {

    private static final Path K8S = Repo.path("k8s");
    private static final String LIVENESS = "/actuator/health/liveness";
    private static final String READINESS = "/actuator/health/readiness";
    private static final String MODELS_CLAIM = "profilestream-models";

    private final KubernetesManifests manifests = KubernetesManifests.applied(K8S);

    @Test
    void shouldReadEveryManifestIntoTheKubernetesModelWithoutUnknownFields() {
        List<String> unknown = new ArrayList<>();
        KubernetesManifests everyFile = KubernetesManifests.load(KubernetesManifests.manifestFiles(K8S));
        for (KubernetesManifests.Manifest m : everyFile.all()) {
            String where = m.file() + " " + m.model().getKind() + "/" + m.name();
            Set<String> jobSpecFields = Set.of("backoffLimit", "ttlSecondsAfterFinished", "template", "activeDeadlineSeconds", "completions", "parallelism");
            if (m.model() instanceof GenericKubernetesResource && m.model().getKind().equals("CronJob")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> spec = (Map<String, Object>) m.raw().get("spec");
                Set<String> cronJobSpecFields = Set.of("schedule", "timeZone", "concurrencyPolicy", "startingDeadlineSeconds",
                        "successfulJobsHistoryLimit", "failedJobsHistoryLimit", "suspend", "jobTemplate");
                spec.keySet().stream().filter(k -> !cronJobSpecFields.contains(k)).forEach(k -> unknown.add(where + ".spec: " + k));
                KubernetesManifests.cronJobSpec(m.raw()).keySet().stream().filter(k -> !jobSpecFields.contains(k))
                        .forEach(k -> unknown.add(where + ".spec.jobTemplate.spec: " + k));
                unknown.addAll(KubernetesManifests.unknownFields(KubernetesManifests.cronJobTemplate(m.raw()),
                        where + ".spec.jobTemplate.spec.template"));
            } else if (m.model() instanceof GenericKubernetesResource) {
                @SuppressWarnings("unchecked")
                Map<String, Object> spec = (Map<String, Object>) m.raw().get("spec");
                spec.keySet().stream().filter(k -> !jobSpecFields.contains(k)).forEach(k -> unknown.add(where + ".spec: " + k));
                unknown.addAll(KubernetesManifests.unknownFields(KubernetesManifests.jobTemplate(m.raw()), where + ".spec.template"));
            } else {
                unknown.addAll(KubernetesManifests.unknownFields(m.model(), where));
            }
        }

        assertThat(unknown).as("fields the Kubernetes model does not know").isEmpty();
        assertThat(everyFile.all()).hasSize(manifests.all().size() + KubernetesManifests.secretsExample(K8S).size());
    }

    @Test
    void shouldApplyEveryManifestButTheSecretPlaceholders() {
        Map<String, Object> kustomization = Repo.yaml(K8S.resolve("kustomization.yaml"));
        List<String> files = KubernetesManifests.manifestFiles(K8S).stream().map(p -> p.getFileName().toString())
                .filter(f -> !f.equals(KubernetesManifests.SECRETS_EXAMPLE)).toList();

        assertThat(kustomization.get("namespace")).isEqualTo("profilestream");
        assertThat(kustomization.get("resources")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.list(String.class))
                .containsExactlyInAnyOrderElementsOf(files);
        assertThat(kustomization.get("configMapGenerator")).isEqualTo(List.of(Map.of(
                "name", "profilestream-topics-script",
                "files", List.of("create-topics.sh"),
                "options", Map.of("disableNameSuffixHash", true))));
    }

    @Test
    void shouldRunStatelessServicesAsDeploymentsAndStreamsServicesAsStatefulSetsWithVolumeClaims() {
        Map<String, String> kinds = new TreeMap<>();
        for (ServiceModule s : ServiceModule.values()) {
            Workload w = Workload.of(manifests, s);
            kinds.put(s.module(), w.kind());

            assertThat(w.kind()).as(s.module()).isEqualTo(s.isStreams() ? "StatefulSet" : "Deployment");
            assertThat(w.claims().isEmpty()).as(s.module() + " volume claims").isEqualTo(!s.isStreams());
        }

        assertThat(kinds).isEqualTo(Map.of("ingest-service", "Deployment", "privacy-filter", "StatefulSet",
                "profile-updater", "StatefulSet", "recommender-service", "StatefulSet"));
    }

    @Test
    void shouldServeTheApiOnTheServerPortAndMetricsOnTheManagementPortOnlyToTheScraper() {
        for (ServiceModule s : ServiceModule.values()) {
            Workload w = Workload.of(manifests, s);
            int port = s.serverPort();
            int managementPort = s.managementPort();
            List<Service> services = servicesSelecting(w);

            assertThat(w.container().getPorts()).as(s.module())
                    .extracting(p -> p.getName() + ":" + p.getContainerPort())
                    .containsExactly("http:" + port, "management:" + managementPort);
            assertThat(w.env("SERVER_PORT").map(EnvVar::getValue)).as(s.module()).contains(Integer.toString(port));
            assertThat(w.env("MANAGEMENT_SERVER_PORT").map(EnvVar::getValue)).as(s.module())
                    .contains(Integer.toString(managementPort));
            assertThat(services).as(s.module() + " Services").isNotEmpty();
            for (Service service : services) {
                assertThat(service.getSpec().getPorts()).as(service.getMetadata().getName()).singleElement().satisfies(p -> {
                    assertThat(p.getPort()).isEqualTo(port);
                    assertThat(w.resolvePort(p.getTargetPort())).isEqualTo(port);
                });
            }
            // No Service exposes the management port: only the kubelet and Prometheus reach it, pod by pod.
            assertThat(w.template().getMetadata().getAnnotations()).as(s.module()).containsAllEntriesOf(Map.of(
                    "prometheus.io/scrape", "true", "prometheus.io/path", "/actuator/prometheus",
                    "prometheus.io/port", Integer.toString(managementPort)));
        }
    }

    @Test
    void shouldWireStartupLivenessAndReadinessProbesToTheActuatorHealthGroupsOnTheManagementPort() {
        for (ServiceModule s : ServiceModule.values()) {
            Workload w = Workload.of(manifests, s);
            Container c = w.container();

            assertProbe(w, "startup", c.getStartupProbe(), LIVENESS, s.managementPort());
            assertProbe(w, "liveness", c.getLivenessProbe(), LIVENESS, s.managementPort());
            assertProbe(w, "readiness", c.getReadinessProbe(), READINESS, s.managementPort());
        }
    }

    @Test
    void shouldSetOnlyEnvironmentVariablesThatAreRealPropertiesOfTheService() {
        List<String> unknown = new ArrayList<>();
        for (ServiceModule s : ServiceModule.values()) {
            Workload w = Workload.of(manifests, s);
            for (String variable : w.variableNames(manifests)) {
                if (variable.equals("POD_NAME") && isDownwardApiHelper(w, variable)) {
                    continue;
                }
                if (s.properties().propertyFor(variable).isEmpty()) {
                    unknown.add(s.module() + ": " + variable);
                }
            }
        }

        assertThat(unknown).as("variables that set no property of their service").isEmpty();
    }

    @Test
    void shouldSetOnlyKafkaConfigNamesInTheKafkaClientMap() {
        for (ServiceModule s : ServiceModule.values()) {
            Map<String, String> literal = new HashMap<>();
            Workload.of(manifests, s).env().stream().filter(e -> e.getValue() != null)
                    .forEach(e -> literal.put(e.getName(), e.getValue()));
            Map<String, String> client = KafkaClientSettings.bind(literal);

            assertThat(client.keySet()).as(s.module()).allMatch(KafkaClientSettings::isKafkaConfig);
            assertThat(client).as(s.module()).isEqualTo(s.isStreams() ? Map.of("num.standby.replicas", "1") : Map.of());
        }
    }

    @Test
    void shouldKeepStreamsStateOnTheVolumeClaimOfEachPod() {
        for (ServiceModule s : ServiceModule.values()) {
            Workload w = Workload.of(manifests, s);
            String stateDir = w.env("PROFILESTREAM_STREAMS_STATE_DIR").map(EnvVar::getValue).orElse(null);
            if (!s.isStreams()) {
                assertThat(stateDir).as(s.module()).isNull();
                continue;
            }
            VolumeMount mount = w.mountHolding(stateDir)
                    .orElseThrow(() -> new AssertionError(s.module() + ": state dir " + stateDir + " is on no volume"));

            assertThat(w.claims()).as(s.module()).contains(mount.getName());
            assertThat(Boolean.TRUE.equals(mount.getReadOnly())).as(s.module()).isFalse();
        }
    }

    @Test
    void shouldMountTheSharedModelClaimReadOnlyWhereverModelsAreRead() {
        PersistentVolumeClaim models = manifests.named(PersistentVolumeClaim.class, MODELS_CLAIM);
        List<String> readers = new ArrayList<>();
        for (ServiceModule s : ServiceModule.values()) {
            Workload w = Workload.of(manifests, s);
            String modelDir = w.env("PROFILESTREAM_MODEL_DIR").map(EnvVar::getValue).orElse(null);
            assertThat(modelDir != null).as(s.module() + " sets the model dir iff it reads models").isEqualTo(s.readsModels());
            if (modelDir == null) {
                continue;
            }
            readers.add(s.module());
            VolumeMount mount = w.mountHolding(modelDir)
                    .orElseThrow(() -> new AssertionError(s.module() + ": model dir " + modelDir + " is on no volume"));

            assertThat(w.mountsClaim(mount, models)).as(s.module() + " mounts " + MODELS_CLAIM).isTrue();
            assertThat(mount.getReadOnly()).as(s.module()).isTrue();
        }

        assertThat(readers).containsExactly("profile-updater", "recommender-service");
        // Pods of two StatefulSets on any node mount it at once.
        assertThat(models.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
    }

    @Test
    void shouldAdvertiseEachStreamsPodAtItsStableHeadlessAddress() {
        for (ServiceModule s : ServiceModule.values()) {
            if (!s.isStreams()) {
                continue;
            }
            Workload w = Workload.of(manifests, s);
            StatefulSet set = manifests.named(StatefulSet.class, s.module());
            Service governing = manifests.named(Service.class, set.getSpec().getServiceName());

            assertThat(w.env("PROFILESTREAM_STREAMS_APPLICATION_SERVER").map(EnvVar::getValue)).as(s.module())
                    .contains("$(POD_NAME)." + governing.getMetadata().getName() + ":" + s.serverPort());
            assertThat(isDownwardApiHelper(w, "POD_NAME")).as(s.module() + " POD_NAME from metadata.name, defined first").isTrue();
            assertThat(governing.getSpec().getClusterIP()).as(governing.getMetadata().getName()).isEqualTo("None");
            // Peers forward to a pod that is rebalancing (not ready) too: its address must resolve.
            assertThat(governing.getSpec().getPublishNotReadyAddresses()).as(governing.getMetadata().getName()).isTrue();
            assertThat(w.labels()).containsAllEntriesOf(governing.getSpec().getSelector());
        }
    }

    @Test
    void shouldRunTheImagesComposeBuilds() {
        ComposeFile compose = ComposeFile.read();
        for (ServiceModule s : ServiceModule.values()) {
            assertThat(Workload.of(manifests, s).container().getImage()).as(s.module())
                    .isEqualTo(s.image())
                    .isEqualTo(compose.service(s.module()).get("image"));
        }
    }

    private List<Service> servicesSelecting(Workload w) {
        return manifests.of(Service.class).stream()
                .filter(s -> s.getSpec().getSelector() != null && w.labels().entrySet().containsAll(s.getSpec().getSelector().entrySet()))
                .toList();
    }

    /**
     * POD_NAME sets no property: it is the downward-API value the application-server address is
     * built from ($(POD_NAME)), so it must come from metadata.name and precede its use.
     */
    private static boolean isDownwardApiHelper(Workload w, String variable) {
        List<EnvVar> env = w.env();
        int defined = -1;
        for (int i = 0; i < env.size(); i++) {
            EnvVar e = env.get(i);
            if (e.getName().equals(variable)) {
                boolean fromMetadata = e.getValueFrom() != null && e.getValueFrom().getFieldRef() != null
                        && "metadata.name".equals(e.getValueFrom().getFieldRef().getFieldPath());
                if (!fromMetadata) {
                    return false;
                }
                defined = i;
            } else if (defined >= 0 && e.getValue() != null && e.getValue().contains("$(" + variable + ")")) {
                return true;
            }
        }
        return false;
    }

    private static void assertProbe(Workload w, String kind, Probe probe, String path, int port) {
        assertThat(probe).as(w.name() + " " + kind + " probe").isNotNull();
        HTTPGetAction get = probe.getHttpGet();
        assertThat(get.getPath()).as(w.name() + " " + kind + " path").isEqualTo(path);
        assertThat(w.resolvePort(get.getPort())).as(w.name() + " " + kind + " port").isEqualTo(port);
    }
}
