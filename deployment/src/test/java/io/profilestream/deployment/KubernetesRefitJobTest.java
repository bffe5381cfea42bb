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
 * k8s/model-refit-cronjob.yaml: the nightly re-fit of churn and segments from the clean-events
 * topic into the models directories the services poll.
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

    private Container churn() {
        return template().getSpec().getInitContainers().get(0);
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

    @Test
    void shouldFitChurnToCompletionBeforeSegmentsUseIt() {
        assertThat(template().getSpec().getInitContainers()).extracting(Container::getName).containsExactly("churn");
        assertThat(template().getSpec().getContainers()).extracting(Container::getName).containsExactly("segments");

        assertThat(churn().getArgs()).containsExactly("churn", "--from-topic", "--bootstrap-servers=$(BOOTSTRAP_SERVERS)",
                "--since=14d", "--models-dir=/models/churn", "--keep=5");
        assertThat(segments().getArgs()).containsExactly("segments", "--from-topic",
                "--bootstrap-servers=$(BOOTSTRAP_SERVERS)", "--since=14d", "--churn-model=/models/churn",
                "--ledger=/models/privacy/segments-ledger.jsonl", "--models-dir=/models/segments", "--keep=5");
    }

    @Test
    void shouldKeepModelsAndThePrivacyLedgerOnTheRefitClaimReadWrite() {
        PersistentVolumeClaim claim = manifests.named(PersistentVolumeClaim.class, REFIT_CLAIM);
        Volume models = template().getSpec().getVolumes().stream().filter(v -> v.getName().equals("models")).findFirst()
                .orElseThrow();

        assertThat(models.getPersistentVolumeClaim().getClaimName()).isEqualTo(REFIT_CLAIM);
        assertThat(Boolean.TRUE.equals(models.getPersistentVolumeClaim().getReadOnly())).isFalse();
        for (Container c : List.of(churn(), segments())) {
            VolumeMount mount = c.getVolumeMounts().stream().filter(m -> m.getName().equals("models")).findFirst().orElseThrow();
            assertThat(mount.getMountPath()).as(c.getName()).isEqualTo("/models");
            assertThat(Boolean.TRUE.equals(mount.getReadOnly())).as(c.getName()).isFalse();
        }
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
        for (Container c : List.of(churn(), segments())) {
            EnvVar bootstrap = c.getEnv().stream().filter(e -> e.getName().equals("BOOTSTRAP_SERVERS")).findFirst().orElseThrow();

            assertThat(bootstrap.getValueFrom().getConfigMapKeyRef().getName()).as(c.getName()).isEqualTo("profilestream-config");
            assertThat(config.getData()).containsKey(bootstrap.getValueFrom().getConfigMapKeyRef().getKey());
            assertThat(bootstrap.getValueFrom().getConfigMapKeyRef().getKey()).isEqualTo("PROFILESTREAM_KAFKA_BOOTSTRAP_SERVERS");
        }
    }

    @Test
    void shouldRunTheTrainerImageComposeBuildsAsItsUser() throws IOException {
        Object image = ComposeFile.read().service("model-trainer").get("image");
        Matcher user = Pattern.compile("(?m)^USER\\s+(\\d+):(\\d+)\\s*$")
                .matcher(Files.readString(Repo.path("docker/trainer.Dockerfile")));
        assertThat(user.find()).isTrue();

        assertThat(churn().getImage()).isEqualTo(segments().getImage()).isEqualTo(image)
                .isEqualTo("profilestream/model-trainer:0.1.0-SNAPSHOT");
        assertThat(template().getSpec().getSecurityContext().getRunAsUser()).isEqualTo(Long.parseLong(user.group(1)));
        assertThat(template().getSpec().getSecurityContext().getRunAsGroup()).isEqualTo(Long.parseLong(user.group(2)));
    }
}
