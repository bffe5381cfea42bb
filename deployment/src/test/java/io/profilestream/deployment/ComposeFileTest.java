package io.profilestream.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml against the services' configuration. No Docker engine here, so nothing is
 * started: every name, port, variable and volume the file uses is checked against what the
 * services really read.
 */
class ComposeFileTest {

    private static final String MODEL_VOLUME = "models";
    private static final String TRAINER = "model-trainer";

    private final ComposeFile compose = ComposeFile.read();

    @Test
    void shouldBuildEveryServiceImageFromTheDockerfileWithItsModule() {
        for (ServiceModule s : ServiceModule.values()) {
            Map<String, Object> build = ComposeFile.map(compose.service(s.module()), "build");

            assertThat(build.get("context")).as(s.module()).isEqualTo(".");
            assertThat(build.get("dockerfile")).as(s.module()).isEqualTo("docker/Dockerfile");
            assertThat(ComposeFile.map(build, "args")).as(s.module()).isEqualTo(Map.of("MODULE", s.module()));
            assertThat(compose.service(s.module()).get("image")).as(s.module()).isEqualTo(s.image());
        }
    }

    @Test
    void shouldPublishEachServiceOnItsServerPortOnLoopbackOnly() {
        for (ServiceModule s : ServiceModule.values()) {
            int port = s.serverPort();

            assertThat(compose.service(s.module()).get("ports")).as(s.module()).isEqualTo(List.of("127.0.0.1:" + port + ":" + port));
            assertThat(compose.environment(s.module())).as(s.module()).containsEntry("SERVER_PORT", Integer.toString(port));
        }
    }

    @Test
    void shouldSetOnlyEnvironmentVariablesThatAreRealPropertiesOfTheService() {
        List<String> unknown = new ArrayList<>();
        for (ServiceModule s : ServiceModule.values()) {
            for (String variable : compose.environment(s.module()).keySet()) {
                if (s.properties().propertyFor(variable).isEmpty()) {
                    unknown.add(s.module() + ": " + variable);
                }
            }
        }

        assertThat(unknown).as("variables that set no property of their service").isEmpty();
    }

    @Test
    void shouldPassEachServiceExactlyTheKeysItBindsFromTheOperatorsEnvironment() {
        Map<String, Set<String>> passed = new TreeMap<>();
        for (ServiceModule s : ServiceModule.values()) {
            Set<String> keys = new TreeSet<>();
            compose.environment(s.module()).forEach((variable, value) -> s.properties().propertyFor(variable)
                    .filter(Keys.SECRET_PROPERTIES::contains)
                    .ifPresent(property -> {
                        assertThat(value).as(s.module() + " " + variable + " must be a bare name, never a value").isNull();
                        keys.add(property);
                    }));
            passed.put(s.module(), keys);

            assertThat(keys).as(s.module()).isEqualTo(Keys.of(s));
        }

        assertThat(passed).isEqualTo(Map.of(
                "ingest-service", Set.of(Keys.HMAC_KEY, Keys.PREVIOUS_HMAC_KEY, Keys.PRODUCER_KEYS, Keys.ADMIN_KEYS),
                "privacy-filter", Set.of(Keys.HMAC_KEY, Keys.PREVIOUS_HMAC_KEY),
                "profile-updater", Set.of(Keys.MASTER_KEY, Keys.READER_KEYS, Keys.ADMIN_KEYS),
                "recommender-service", Set.of(Keys.HMAC_KEY, Keys.PREVIOUS_HMAC_KEY, Keys.MASTER_KEY, Keys.READER_KEYS,
                        Keys.ADMIN_KEYS)));
    }

    @Test
    void shouldCheckReadinessAtTheActuatorReadinessGroupOnTheManagementPort() {
        Pattern request = Pattern.compile("/dev/tcp/127\\.0\\.0\\.1/(\\S+) .*GET (\\S+) HTTP/1\\.[01].*' 200 '");
        for (ServiceModule s : ServiceModule.values()) {
            Map<String, Object> healthcheck = ComposeFile.map(compose.service(s.module()), "healthcheck");
            String test = String.join(" ", ((List<?>) healthcheck.get("test")).stream().map(Object::toString).toList());
            Matcher m = request.matcher(test);

            assertThat(m.find()).as(s.module() + " healthcheck: " + test).isTrue();
            assertThat(m.group(2)).as(s.module()).isEqualTo("/actuator/health/readiness");
            assertThat(resolve(s, m.group(1))).as(s.module() + " healthcheck port").isEqualTo(Integer.toString(s.managementPort()));
            assertThat(s.managementPort()).as(s.module()).isNotEqualTo(s.serverPort());
        }
    }

    @Test
    void shouldKeepStreamsStateInANamedVolumeOfItsOwn() {
        ServiceDockerfile image = ServiceDockerfile.read();
        for (ServiceModule s : ServiceModule.values()) {
            String stateDir = compose.environment(s.module()).get("PROFILESTREAM_STREAMS_STATE_DIR");
            if (!s.isStreams()) {
                assertThat(stateDir).as(s.module()).isNull();
                continue;
            }
            ComposeFile.Mount mount = compose.mountHolding(s.module(), stateDir)
                    .orElseThrow(() -> new AssertionError(s.module() + ": state dir " + stateDir + " is on no volume"));

            assertThat(compose.namedVolumes()).as(s.module()).contains(mount.source());
            assertThat(mount.readOnly()).as(s.module()).isFalse();
            // Created in the image, so a fresh named volume there belongs to the service's user.
            assertThat(image.directories()).as(s.module()).contains(mount.target());
            for (String other : compose.serviceNames()) {
                if (!other.equals(s.module())) {
                    assertThat(compose.mounts(other)).as(other + " shares " + s.module() + "'s state volume")
                            .noneMatch(m -> m.source().equals(mount.source()));
                }
            }
        }
    }

    @Test
    void shouldMountTheModelVolumeReadOnlyWhereverModelsAreReadAndWritableForTheTrainer() throws IOException {
        List<String> readers = new ArrayList<>();
        for (ServiceModule s : ServiceModule.values()) {
            String modelDir = compose.environment(s.module()).get("PROFILESTREAM_MODEL_DIR");
            assertThat(modelDir != null).as(s.module() + " sets the model dir iff it reads models").isEqualTo(s.readsModels());
            if (modelDir == null) {
                continue;
            }
            readers.add(s.module());
            ComposeFile.Mount mount = compose.mountHolding(s.module(), modelDir)
                    .orElseThrow(() -> new AssertionError(s.module() + ": model dir " + modelDir + " is on no volume"));

            assertThat(mount).as(s.module()).isEqualTo(new ComposeFile.Mount(MODEL_VOLUME, modelDir, true));
        }
        String modelDir = compose.environment("profile-updater").get("PROFILESTREAM_MODEL_DIR");

        assertThat(readers).containsExactly("profile-updater", "recommender-service");
        assertThat(compose.mounts(TRAINER)).containsExactly(new ComposeFile.Mount(MODEL_VOLUME, modelDir, false),
                new ComposeFile.Mount("${PROFILESTREAM_TRAINING_DIR:-./work}", "/data", false));
        assertThat(compose.namedVolumes()).contains(MODEL_VOLUME);
        assertThat(ServiceDockerfile.read().directories()).contains(modelDir);
        assertThat(ComposeFile.map(compose.service(TRAINER), "build").get("dockerfile")).isEqualTo("docker/trainer.Dockerfile");
        // The trainer image creates the directory too, owned by the same uid as the services (10001).
        assertThat(Files.readString(Repo.path("docker/trainer.Dockerfile")))
                .contains("mkdir -p " + modelDir)
                .contains("USER " + ServiceDockerfile.read().uid() + ":" + ServiceDockerfile.read().gid());
        // Only on request (docker compose run model-trainer ...), never with `up`.
        assertThat(compose.service(TRAINER).get("profiles")).isEqualTo(List.of("train"));
    }

    @Test
    void shouldStartTheServicesOnlyOnceTheTopicsExist() {
        for (ServiceModule s : ServiceModule.values()) {
            assertThat(ComposeFile.map(compose.service(s.module()), "depends_on")).as(s.module())
                    .isEqualTo(Map.of("kafka-init", Map.of("condition", "service_completed_successfully")));
        }
        Map<String, Object> init = compose.service("kafka-init");

        assertThat(ComposeFile.map(init, "depends_on")).isEqualTo(Map.of("kafka", Map.of("condition", "service_healthy")));
        assertThat(compose.mounts("kafka-init"))
                .containsExactly(new ComposeFile.Mount("./k8s/create-topics.sh", "/opt/profilestream/create-topics.sh", true));
        assertThat(init.get("entrypoint")).isEqualTo(List.of("sh", "/opt/profilestream/create-topics.sh"));
        assertThat(compose.environment("kafka-init")).containsEntry("BOOTSTRAP_SERVERS", bootstrapServers());
    }

    @Test
    void shouldRunTheBrokerInKraftModeWithTheKafkaVersionTheTestsUse() {
        String image = "apache/kafka:" + AppInfoParser.getVersion();
        Map<String, String> broker = compose.environment("kafka");

        assertThat(compose.service("kafka").get("image")).isEqualTo(image);
        assertThat(compose.service("kafka-init").get("image")).isEqualTo(image);
        assertThat(broker).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
                .containsEntry("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://" + bootstrapServers())
                .containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        assertThat(broker.keySet()).noneMatch(k -> k.contains("ZOOKEEPER"));
    }

    @Test
    void shouldAdvertiseEachStreamsInstanceAtItsComposeServiceNameAndPort() {
        for (ServiceModule s : ServiceModule.values()) {
            String expected = s.isStreams() ? s.module() + ":" + s.serverPort() : null;

            assertThat(compose.environment(s.module()).get("PROFILESTREAM_STREAMS_APPLICATION_SERVER")).as(s.module()).isEqualTo(expected);
        }
    }

    @Test
    void shouldGiveEveryServiceTimeToCloseKafkaStreamsCleanly() {
        for (ServiceModule s : ServiceModule.values()) {
            Object grace = compose.service(s.module()).get("stop_grace_period");

            assertThat(grace).as(s.module()).isNotNull();
            assertThat(seconds(grace.toString())).as(s.module()).isGreaterThan(StreamsShutdown.minimumGracePeriod());
        }
    }

    private String bootstrapServers() {
        Set<String> all = new TreeSet<>();
        Arrays.stream(ServiceModule.values()).forEach(s -> all.add(compose.environment(s.module()).get("PROFILESTREAM_KAFKA_BOOTSTRAP_SERVERS")));
        assertThat(all).as("one bootstrap address for every service").hasSize(1);
        return all.iterator().next();
    }

    /** A port token of the health check: a number, or $${VAR} (compose's escape for the container's $VAR). */
    private String resolve(ServiceModule s, String token) {
        Matcher variable = Pattern.compile("\\$\\$\\{(\\w+)}").matcher(token);
        return variable.matches() ? compose.environment(s.module()).get(variable.group(1)) : token;
    }

    private static Duration seconds(String composeDuration) {
        Matcher m = Pattern.compile("(\\d+)s").matcher(composeDuration);
        if (!m.matches()) {
            throw new AssertionError("not a duration in seconds: " + composeDuration);
        }
        return Duration.ofSeconds(Long.parseLong(m.group(1)));
    }
}
