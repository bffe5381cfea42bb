package io.profilestream.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * k8s/model-refit-cronjob.yaml: the nightly re-fit of the segments from the current profiles into
 * the models directory the services poll (the clean-events topic is purged once consumed; churn is
 * trained from a history file by an operator).
 */
class KubernetesRefitJobTest {

    private static final Path K8S = Repo.path("k8s");
    private static final String CRON_JOB = "profilestream-model-refit";
    private static final String REFIT_CLAIM = "profilestream-refit-models";

    private final KubernetesManifests manifests = KubernetesManifests.applied(K8S);

    private Map<String, Object> cronJob() {
        List<Map<String, Object>> cronJobs = manifests.raw(KubernetesManifests.CRON_JOB);
        assertThat(cronJobs).hasSize(1);
        assertThat(((Map<?, ?>) cronJobs.get(0).get("metadata")).get("name")).isEqualTo(CRON_JOB);
        return cronJobs.get(0);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> spec() {
        return (Map<String, Object>) cronJob().get("spec");
    }

    private PodTemplateSpec template() {
        return KubernetesManifests.cronJobTemplate(cronJob());
    }

    private Container segments() {
        return template().getSpec().getContainers().get(0);
    }

    @Test
    void shouldRunDailyInUtcNeverTwiceAtOnceWithFewRetries() {
        assertThat(spec()).containsEntry("schedule", "15 3 * * *").containsEntry("timeZone", "Etc/UTC")
                .containsEntry("concurrencyPolicy", "Forbid");
        assertThat(KubernetesManifests.cronJobSpec(cronJob())).containsEntry("backoffLimit", 2);
        assertThat(template().getSpec().getRestartPolicy()).isEqualTo("Never");
    }

    /**
     * The clean-events topic is purged within seconds of being consumed, so neither step may read
     * it: segments cluster the current profiles, and churn (which needs an event history) is not
     * fitted here; segments use the churn models directory an operator publishes into.
     */
    @Test
    void shouldFitOnlySegmentsFromTheProfilesWithTheChurnModelsAnOperatorPublishes() {
        assertThat(template().getSpec().getInitContainers()).isNullOrEmpty();
        assertThat(template().getSpec().getContainers()).extracting(Container::getName).containsExactly("segments");

        assertThat(segments().getArgs()).containsExactly("segments", "--from-profiles",
                "--bootstrap-servers=$(BOOTSTRAP_SERVERS)", "--churn-model=/models/churn",
                "--ledger=/models/privacy/segments-ledger.jsonl", "--models-dir=/models/segments", "--keep=5");
        assertThat(String.join(" ", segments().getArgs())).doesNotContain("--from-topic", "--since",
                "--local-development-key");
    }

    /** The job opens the profiles as the services do: the same master key from the same Secret, nothing else secret. */
    @Test
    void shouldTakeTheMasterKeyFromTheEncryptionSecretAsProfileUpdaterDoes() {
        Workload updater = Workload.of(manifests, ServiceModule.PROFILE_UPDATER);
        List<String> variables = List.of("PROFILESTREAM_ENCRYPTION_MASTER_KEY", "PROFILESTREAM_ENCRYPTION_MASTER_KEY_ID");

        for (String variable : variables) {
            EnvVar job = segments().getEnv().stream().filter(e -> e.getName().equals(variable)).findFirst().orElseThrow();
            EnvVar service = updater.env(variable).orElseThrow();

            assertThat(job.getValue()).as(variable).isNull();
            assertThat(job.getValueFrom().getSecretKeyRef().getName()).as(variable).isEqualTo("profilestream-encryption");
            assertThat(job.getValueFrom()).as(variable).isEqualTo(service.getValueFrom());
        }
        assertThat(segments().getEnv()).filteredOn(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                .extracting(EnvVar::getName).containsExactlyElementsOf(variables);
        assertThat(segments().getEnvFrom()).isNullOrEmpty();
    }

    @Test
    void shouldKeepModelsAndThePrivacyLedgerOnTheRefitClaimReadWrite() {
        PersistentVolumeClaim claim = manifests.named(PersistentVolumeClaim.class, REFIT_CLAIM);
        Volume models = template().getSpec().getVolumes().stream().filter(v -> v.getName().equals("models")).findFirst()
                .orElseThrow();

        assertThat(models.getPersistentVolumeClaim().getClaimName()).isEqualTo(REFIT_CLAIM);
        assertThat(Boolean.TRUE.equals(models.getPersistentVolumeClaim().getReadOnly())).isFalse();
        VolumeMount mount = segments().getVolumeMounts().stream().filter(m -> m.getName().equals("models")).findFirst()
                .orElseThrow();
        assertThat(mount.getMountPath()).isEqualTo("/models");
        assertThat(Boolean.TRUE.equals(mount.getReadOnly())).isFalse();
        // The services on any node read what this job writes.
        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
    }

    /**
     * The next-item models claim's root is a models directory: churn/, segments/ and privacy/ there
     * would be version candidates sorting after every timestamp label.
     */
    @Test
    void shouldNotWriteIntoTheNextItemModelsClaim() {
        assertThat(template().getSpec().getVolumes()).noneMatch(v -> v.getPersistentVolumeClaim() != null
                && v.getPersistentVolumeClaim().getClaimName().equals("profilestream-models"));
    }

    @Test
    void shouldTakeTheBootstrapServersFromTheServicesConfigMap() {
        ConfigMap config = manifests.named(ConfigMap.class, "profilestream-config");
        EnvVar bootstrap = segments().getEnv().stream().filter(e -> e.getName().equals("BOOTSTRAP_SERVERS")).findFirst()
                .orElseThrow();

        assertThat(bootstrap.getValueFrom().getConfigMapKeyRef().getName()).isEqualTo("profilestream-config");
        assertThat(config.getData()).containsKey(bootstrap.getValueFrom().getConfigMapKeyRef().getKey());
        assertThat(bootstrap.getValueFrom().getConfigMapKeyRef().getKey()).isEqualTo("PROFILESTREAM_KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void shouldRunTheTrainerImageComposeBuildsAsItsUser() throws IOException {
        Object image = ComposeFile.read().service("model-trainer").get("image");
        Matcher user = Pattern.compile("(?m)^USER\\s+(\\d+):(\\d+)\\s*$")
                .matcher(Files.readString(Repo.path("docker/trainer.Dockerfile")));
        assertThat(user.find()).isTrue();

        assertThat(segments().getImage()).isEqualTo(image)
                .isEqualTo("profilestream/model-trainer:0.1.0-SNAPSHOT");
        assertThat(template().getSpec().getSecurityContext().getRunAsUser()).isEqualTo(Long.parseLong(user.group(1)));
        assertThat(template().getSpec().getSecurityContext().getRunAsGroup()).isEqualTo(Long.parseLong(user.group(2)));
    }
}
