package io.profilestream.recommender.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class ModelSettingsTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ModelSettings.class)
    static class Bind {
    }

    final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Bind.class);

    @Test
    void shouldRunWithoutAModelDirectoryByDefault() {
        runner.run(context -> assertThat(context.getBean(ModelSettings.class))
                .isEqualTo(new ModelSettings(null, Duration.ofSeconds(5), ModelSettings.Retrieval.QUANTIZED, 1000, 0.15, false)));
    }

    @Test
    void shouldBindTheDirectoryAndInterval() {
        runner.withPropertyValues("profilestream.model.dir=/srv/models", "profilestream.model.poll-interval=250ms")
                .run(context -> assertThat(context.getBean(ModelSettings.class))
                        .isEqualTo(new ModelSettings(Path.of("/srv/models"), Duration.ofMillis(250), ModelSettings.Retrieval.QUANTIZED, 1000, 0.15, false)));
    }

    @Test
    void shouldBindHnswRetrievalWithItsSearchBeam() {
        runner.withPropertyValues("profilestream.model.retrieval=hnsw", "profilestream.model.hnsw-ef-search=400")
                .run(context -> assertThat(context.getBean(ModelSettings.class))
                        .isEqualTo(new ModelSettings(null, Duration.ofSeconds(5), ModelSettings.Retrieval.HNSW, 400, 0.15, false)));
    }

    @Test
    void shouldBindRequiredForReadinessWithItsDirectory() {
        runner.withPropertyValues("profilestream.model.dir=/srv/models", "profilestream.model.required-for-readiness=true")
                .run(context -> assertThat(context.getBean(ModelSettings.class))
                        .isEqualTo(new ModelSettings(Path.of("/srv/models"), Duration.ofSeconds(5),
                                ModelSettings.Retrieval.QUANTIZED, 1000, 0.15, true)));
    }

    @Test
    void shouldRefuseRequiredForReadinessWithoutADirectory() {
        runner.withPropertyValues("profilestream.model.required-for-readiness=true").run(context ->
                assertThat(context).getFailure().rootCause().message()
                        .contains("profilestream.model.required-for-readiness=true needs profilestream.model.dir: "
                                + "without a models directory no model is ever loaded and the instance would never "
                                + "become ready"));
    }

    @Test
    void shouldRefuseARequiredForReadinessThatIsNotABoolean() {
        runner.withPropertyValues("profilestream.model.dir=/srv/models", "profilestream.model.required-for-readiness=yes please")
                .run(context -> assertThat(context).getFailure().rootCause().message()
                        .contains("yes please"));
    }

    @Test
    void shouldRefuseAnUnknownRetrievalMethod() {
        runner.withPropertyValues("profilestream.model.retrieval=faiss").run(context ->
                assertThat(context).hasFailed());
    }

    @Test
    void shouldRefuseAPartitionedProbeShareOutsideZeroToOne() {
        for (String share : new String[]{"0", "1.5"}) {
            runner.withPropertyValues("profilestream.model.partitioned-probe-share=" + share).run(context ->
                    assertThat(context).getFailure().rootCause().message()
                            .contains("profilestream.model.partitioned-probe-share must be in (0, 1]"));
        }
    }

    @Test
    void shouldRefuseAZeroPollInterval() {
        runner.withPropertyValues("profilestream.model.poll-interval=0s").run(context ->
                assertThat(context).getFailure().rootCause().message()
                        .contains("profilestream.model.poll-interval must be at least 10ms"));
    }

    @Test
    void shouldTreatABlankDirectoryAsNoModelRatherThanTheWorkingDirectory() {
        runner.withPropertyValues("profilestream.model.dir= ")
                .run(context -> assertThat(context.getBean(ModelSettings.class).dir()).isNull());
    }

    @Test
    void shouldLoadModelsWithEachConfiguredRetriever(@org.junit.jupiter.api.io.TempDir Path models) throws Exception {
        Path version = io.profilestream.ml.testing.TestModels.exportRandom(models, "v1", 30, 8, 16, 1L);

        // The test JVM runs with --add-modules=jdk.incubator.vector (parent pom), like every launcher.
        assertThat(io.profilestream.ml.serving.QuantizedRetriever.VECTORISED).isTrue();
        assertThat(retrieverOf(ModelSettings.Retrieval.QUANTIZED, version)).isEqualTo("quantized");
        assertThat(retrieverOf(ModelSettings.Retrieval.EXACT, version)).isEqualTo("exact");
        assertThat(retrieverOf(ModelSettings.Retrieval.HNSW, version)).isEqualTo("hnsw");
        assertThat(retrieverOf(ModelSettings.Retrieval.PARTITIONED, version)).isEqualTo("partitioned");
    }

    @Test
    void shouldLoadModelsWithTheirRetrieverTimedWhenAsked(@org.junit.jupiter.api.io.TempDir Path models) throws Exception {
        Path version = io.profilestream.ml.testing.TestModels.exportRandom(models, "v1", 30, 8, 16, 1L);
        java.util.List<String> decorated = new java.util.ArrayList<>();

        io.profilestream.ml.serving.ServingModel model = new ModelSettings(null, Duration.ofSeconds(5),
                ModelSettings.Retrieval.EXACT, 100, 0.15, false).loader(retriever -> {
                    decorated.add(retriever.name());
                    return new io.profilestream.recommender.metrics.RecommenderMetrics(
                            new io.micrometer.core.instrument.simple.SimpleMeterRegistry()).inference().timed(retriever);
                }).apply(version);

        assertThat(decorated).containsExactly("exact");
        assertThat(((io.profilestream.ml.serving.ArtifactServingModel) model).retriever().name()).isEqualTo("exact");
    }

    private static String retrieverOf(ModelSettings.Retrieval retrieval, Path version) {
        io.profilestream.ml.serving.ServingModel model =
                new ModelSettings(null, Duration.ofSeconds(5), retrieval, 100, 0.15, false).loader().apply(version);
        return ((io.profilestream.ml.serving.ArtifactServingModel) model).retriever().name();
    }
}
