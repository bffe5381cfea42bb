package io.profilestream.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The keys in k8s/: each service gets exactly the keys it binds, from Secret references, and only placeholders ship. */
class KubernetesKeysTest {

    private static final Path K8S = Repo.path("k8s");

    private final KubernetesManifests manifests = KubernetesManifests.applied(K8S);

    @Test
    void shouldTakeEachServiceExactlyTheKeysItBindsFromSecretReferences() {
        Map<String, Set<String>> fromSecrets = new TreeMap<>();
        List<Secret> examples = KubernetesManifests.secretsExample(K8S);
        for (ServiceModule s : ServiceModule.values()) {
            Workload w = Workload.of(manifests, s);
            Set<String> keys = new TreeSet<>();
            for (EnvVar e : w.env()) {
                String property = s.properties().propertyFor(e.getName()).orElse("");
                if (!Keys.SECRET_PROPERTIES.contains(property)) {
                    continue;
                }
                SecretKeySelector ref = e.getValueFrom() == null ? null : e.getValueFrom().getSecretKeyRef();
                assertThat(e.getValue()).as(s.module() + " " + e.getName() + " inlined").isNull();
                assertThat(ref).as(s.module() + " " + e.getName() + " from a Secret").isNotNull();
                assertThat(Boolean.TRUE.equals(ref.getOptional())).as(s.module() + " " + e.getName() + " optional")
                        .isEqualTo(!Keys.required(s, property));
                assertThat(examples).as(s.module() + " " + e.getName() + ": Secret " + ref.getName() + " in " + KubernetesManifests.SECRETS_EXAMPLE)
                        .anyMatch(secret -> secret.getMetadata().getName().equals(ref.getName())
                                && (Boolean.TRUE.equals(ref.getOptional()) || secret.getStringData().containsKey(ref.getKey())));
                keys.add(property);
            }
            assertThat(w.container().getEnvFrom()).as(s.module() + ": no envFrom Secret (it would inject every key)")
                    .allMatch(from -> from.getSecretRef() == null);
            fromSecrets.put(s.module(), keys);

            assertThat(keys).as(s.module()).isEqualTo(Keys.of(s));
        }

        assertThat(fromSecrets).isEqualTo(Map.of(
                "ingest-service", Set.of(Keys.HMAC_KEY, Keys.PREVIOUS_HMAC_KEY, Keys.PRODUCER_KEYS, Keys.ADMIN_KEYS),
                "privacy-filter", Set.of(Keys.HMAC_KEY, Keys.PREVIOUS_HMAC_KEY),
                "profile-updater", Set.of(Keys.MASTER_KEY, Keys.READER_KEYS, Keys.ADMIN_KEYS),
                "recommender-service", Set.of(Keys.HMAC_KEY, Keys.PREVIOUS_HMAC_KEY, Keys.MASTER_KEY, Keys.READER_KEYS,
                        Keys.ADMIN_KEYS)));
    }

    @Test
    void shouldShipSecretsOnlyAsPlaceholdersThatTheServicesRefuse() {
        List<Secret> examples = KubernetesManifests.secretsExample(K8S);

        assertThat(examples).extracting(s -> s.getMetadata().getName())
                .containsExactlyInAnyOrder("profilestream-hmac", "profilestream-encryption", "profilestream-api-keys");
        for (Secret secret : examples) {
            assertThat(secret.getData()).as(secret.getMetadata().getName() + ": base64 data could hide a real key").isNullOrEmpty();
            secret.getStringData().forEach((key, value) -> {
                if (key.endsWith("_KEY") || key.endsWith("KEYS")) {
                    // Shorter than every minimum (16 for API keys, 32 for the others): a service given it refuses to start.
                    assertThat(value).as(secret.getMetadata().getName() + " " + key).isEqualTo("REPLACE-ME");
                }
            });
        }
        assertThat(manifests.of(Secret.class)).as("Secrets applied by kustomize would overwrite the real keys").isEmpty();
    }
}
