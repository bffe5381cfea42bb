package io.profilestream.deployment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The four services a deployment runs, each with what the deployment tests read from its module:
 * its configuration ({@code application.yml}) and the properties it binds ({@link PropertyCatalogue}).
 */
enum ServiceModule {
    INGEST("ingest-service", "io.profilestream.ingest"),
    PRIVACY_FILTER("privacy-filter", "io.profilestream.privacyfilter"),
    PROFILE_UPDATER("profile-updater", "io.profilestream.profileupdater"),
    RECOMMENDER("recommender-service", "io.profilestream.recommender");

    /** Bound in common-model's StreamsProperties: a service that has it runs Kafka Streams with local state. */
    static final String STATE_DIR = "profilestream.streams.state-dir";
    /** The trainer's models directory, watched for new versions. */
    static final String MODEL_DIR = "profilestream.model.dir";

    private static final Map<ServiceModule, PropertyCatalogue> CATALOGUES = new ConcurrentHashMap<>();

    private final String module;
    private final String basePackage;

    ServiceModule(String module, String basePackage) {
        this.module = module;
        this.basePackage = basePackage;
    }

    /** Module directory name, also the compose service, workload, container and image name. */
    String module() {
        return module;
    }

    /** Root package of the service's classes. */
    String basePackage() {
        return basePackage;
    }

    /** The image compose builds and k8s runs. */
    String image() {
        return "profilestream/" + module + ":" + Repo.projectVersion();
    }

    /** {@code management.server.port} of the service's application.yml: health and metrics, apart from the API. */
    int managementPort() {
        Path yml = Repo.path(module + "/src/main/resources/application.yml");
        Object management = Repo.yamlDocuments(yml).get(0).get("management");
        if (!(management instanceof Map<?, ?> map) || !(map.get("server") instanceof Map<?, ?> server)
                || !(server.get("port") instanceof Integer port)) {
            throw new IllegalStateException(yml + " sets no numeric management.server.port");
        }
        return port;
    }

    /** {@code server.port} of the service's application.yml. */
    int serverPort() {
        Path yml = Repo.path(module + "/src/main/resources/application.yml");
        Object server = Repo.yamlDocuments(yml).get(0).get("server");
        if (!(server instanceof Map<?, ?> map) || !(map.get("port") instanceof Integer port)) {
            throw new IllegalStateException(yml + " sets no numeric server.port");
        }
        return port;
    }

    /** Every property this service binds. */
    PropertyCatalogue properties() {
        return CATALOGUES.computeIfAbsent(this, PropertyCatalogue::of);
    }

    /** Whether it runs Kafka Streams with a local state directory. */
    boolean isStreams() {
        return properties().has(STATE_DIR);
    }

    /** Whether it loads models from the trainer's models directory. */
    boolean readsModels() {
        return properties().has(MODEL_DIR);
    }

    /** The module's compiled classes, when it has been built in this tree. */
    Path classesDir() {
        return Repo.path(module + "/target/classes");
    }

    /** Whether the module has been compiled in this tree (else its jar on the test class path is read). */
    boolean builtHere() {
        return Files.isDirectory(classesDir());
    }

    /** The service of a module name (compose service, workload or container name). */
    static ServiceModule ofModule(String name) {
        for (ServiceModule s : values()) {
            if (s.module.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no service module named " + name);
    }
}
