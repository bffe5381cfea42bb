package io.profilestream.ml.artifact;

import io.profilestream.ml.ItemStats;
import io.profilestream.ml.ItemVocabulary;
import io.profilestream.ml.hybrid.HybridFeatures;
import io.profilestream.ml.hybrid.HybridSettings;
import io.profilestream.ml.knn.ItemKnn;
import io.profilestream.ml.knn.TrainingSessions;
import io.profilestream.ml.knn.VSkNN;
import io.profilestream.ml.testing.TestModels;
import io.profilestream.ml.lstm.LstmNextItemModel;
import io.profilestream.ml.lstm.LstmTrainingConfig;
import io.profilestream.ml.lstm.LstmWeights;
import io.profilestream.ml.lstm.RepeatHead;
import io.profilestream.model.serde.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelArtifactTest {

    @TempDir
    Path models;

    @Test
    void exportThenLoadShouldGiveIdenticalScores() throws IOException {
        LstmNextItemModel model = model(20);
        Path dir = ModelArtifact.export(models, export("v1", model));

        ModelArtifact loaded = ModelArtifact.load(dir);

        assertThat(dir).isEqualTo(models.resolve("v1"));
        assertThat(loaded.metadata().modelVersion()).isEqualTo("v1");
        assertThat(loaded.metadata().trainingDataHash()).isEqualTo("data-hash");
        assertThat(loaded.metadata().metrics()).containsEntry("lstm.recall@20", 0.5);
        assertThat(loaded.metadata().vocabularyFingerprint()).isEqualTo(model.vocabulary().fingerprint());
        assertThat(loaded.ranker()).isEmpty();
        int[] prefix = {3, 7, 7, 19};
        float[] expected = new float[20];
        float[] actual = new float[20];
        model.score(prefix, 4, expected);
        loaded.lstm().score(prefix, 4, actual);
        assertThat(actual).containsExactly(expected);
        try (var files = Files.list(models)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("v1");
        }
    }

    @Test
    void shouldCarryTheRepeatHeadThroughExportAndLoadWithIdenticalScores() throws IOException {
        LstmNextItemModel plain = model(20);
        RepeatHead head = new RepeatHead(0.625f, new float[]{3f, 2.5f, 2f, 1.5f, 1f, 0.5f, 0.25f, 0.125f});
        LstmNextItemModel model = new LstmNextItemModel(plain.vocabulary(), plain.weights(), head);
        Path dir = ModelArtifact.export(models, export("r1", model));

        ModelArtifact loaded = ModelArtifact.load(dir);

        assertThat(loaded.metadata().files()).containsKey(ModelArtifact.REPEAT);
        assertThat(Json.mapper().readTree(dir.resolve(ModelArtifact.REPEAT).toFile()).fieldNames())
                .toIterable().containsExactly("scale", "recency");
        assertThat(loaded.lstm().repeatHead()).isEqualTo(head);
        int[] prefix = {3, 7, 7, 19};
        float[] expected = new float[20];
        float[] actual = new float[20];
        float[] network = new float[20];
        model.score(prefix, 4, expected);
        loaded.lstm().score(prefix, 4, actual);
        plain.score(prefix, 4, network);
        assertThat(actual).containsExactly(expected);
        assertThat(actual[19]).isNotEqualTo(network[19]);
        assertThat(actual[0]).isEqualTo(0.625f * network[0]);
    }

    @Test
    void shouldWriteNoRepeatFileForAModelWithoutRepeatHead() throws IOException {
        Path dir = ModelArtifact.export(models, export("r2", model(20)));

        ModelArtifact loaded = ModelArtifact.load(dir);

        assertThat(dir.resolve(ModelArtifact.REPEAT)).doesNotExist();
        assertThat(loaded.metadata().files()).doesNotContainKey(ModelArtifact.REPEAT);
        assertThat(loaded.lstm().repeatHead().isNone()).isTrue();
    }

    @Test
    void shouldRefuseARepeatHeadOfTheWrongLengthNamingTheFile() throws IOException {
        LstmNextItemModel plain = model(20);
        Path dir = ModelArtifact.export(models, export("r4", plain.withRepeatHead(TestModels.repeatHead())));
        Files.writeString(dir.resolve(ModelArtifact.REPEAT), "{\"scale\":1.0,\"recency\":[1,2,3]}");
        rewriteMetadata(dir, m -> ((ObjectNode) m.get("files")).put(ModelArtifact.REPEAT, sha(dir.resolve(ModelArtifact.REPEAT))));

        assertThatThrownBy(() -> ModelArtifact.load(dir))
                .isInstanceOf(ModelArtifactException.class)
                .hasMessage("repeat.json: not a valid repeat head: recency must have 8 values, has 3");
    }

    @Test
    void shouldRefuseACorruptZip() throws IOException {
        Path dir = ModelArtifact.export(models, export("v2", model(20)));
        byte[] zip = Files.readAllBytes(dir.resolve(ModelArtifact.LSTM));
        zip[zip.length / 2] ^= 0x55;
        Files.write(dir.resolve(ModelArtifact.LSTM), zip);

        assertThatThrownBy(() -> ModelArtifact.load(dir))
                .isInstanceOf(ModelArtifactException.class)
                .hasMessageStartingWith("lstm.zip: corrupt or modified (SHA-256 ");
    }

    @Test
    void shouldRefuseAZipThatIsNoNetworkEvenWithAMatchingChecksum() throws IOException {
        Path dir = ModelArtifact.export(models, export("v3", model(20)));
        Files.writeString(dir.resolve(ModelArtifact.LSTM), "not a zip");
        rewriteMetadata(dir, m -> ((ObjectNode) m.get("files")).put(ModelArtifact.LSTM, sha(dir.resolve(ModelArtifact.LSTM))));

        assertThatThrownBy(() -> ModelArtifact.load(dir))
                .isInstanceOf(ModelArtifactException.class)
                .hasMessageStartingWith("lstm.zip: not a valid LSTM network: ");
    }

    @Test
    void shouldRefuseAMismatchingVocabulary() throws IOException {
        Path dir = ModelArtifact.export(models, export("v4", model(20)));
        List<String> ids = new ArrayList<>(model(20).vocabulary().ids());
        ids.set(0, "someone-else");
        new ItemVocabulary(ids).write(dir.resolve(ModelArtifact.VOCABULARY));

        assertThatThrownBy(() -> ModelArtifact.load(dir))
                .isInstanceOf(ModelArtifactException.class)
                .hasMessageStartingWith("vocabulary.txt: fingerprint ")
                .hasMessageContaining("does not match metadata.json");
    }

    @Test
    void shouldRefuseParametersSizedForAnotherVocabulary() throws IOException {
        Path dir = ModelArtifact.export(models, export("v5", model(20)));
        ItemVocabulary bigger = vocabulary(21);
        bigger.write(dir.resolve(ModelArtifact.VOCABULARY));
        rewriteMetadata(dir, m -> {
            m.put("vocabularyFingerprint", bigger.fingerprint());
            m.put("vocabularySize", 21);
        });

        assertThatThrownBy(() -> ModelArtifact.load(dir))
                .isInstanceOf(ModelArtifactException.class)
                .hasMessage("lstm.zip: parameters cover 20 items but vocabulary.txt has 21");
    }

    @Test
    void shouldRefuseADirectoryWithoutMetadata() throws IOException {
        Path dir = ModelArtifact.export(models, export("v6", model(20)));
        Files.delete(dir.resolve(ModelArtifact.METADATA));

        assertThatThrownBy(() -> ModelArtifact.load(dir))
                .isInstanceOf(ModelArtifactException.class)
                .hasMessage("metadata.json: missing in " + dir);
    }

    @Test
    void shouldCarryItemStatisticsTrainingSessionsAndHybridSettingsThroughExportAndLoad() throws IOException {
        Path dir = TestModels.exportHybrid(models, "h1", 40, 6, 5, 3L);
        TrainingSessions expectedSessions = TestModels.patternSessions(40, 300, 3L);
        ItemStats expectedItems = TestModels.patternStats(expectedSessions);

        ModelArtifact loaded = ModelArtifact.load(dir);

        assertThat(loaded.metadata().formatVersion()).isEqualTo(2);
        assertThat(loaded.metadata().files()).containsOnlyKeys("lstm.zip", "items.tsv", "ranker.zip", "sessions.bin",
                "repeat.json");
        assertThat(loaded.lstm().repeatHead()).isEqualTo(TestModels.repeatHead());
        assertThat(loaded.metadata().hybrid()).isEqualTo(new HybridSettings(10, new VSkNN.Settings(20, 100),
                new ItemKnn.Settings(20, 20)));
        assertThat(loaded.metadata().rankerFeatures()).isEqualTo(HybridFeatures.names(true));
        assertThat(loaded.items()).isEqualTo(expectedItems);
        assertThat(loaded.items().clicks(0)).isEqualTo(expectedItems.clicks(0));
        assertThat(loaded.items().category(6)).isEmpty();
        assertThat(loaded.items().category(5)).isEqualTo("cat-1");
        assertThat(loaded.trainingSessions()).contains(expectedSessions);
        assertThat(loaded.trainingSessions().orElseThrow().session(0)).containsExactly(expectedSessions.session(0));
        assertThat(Files.readAllLines(dir.resolve(ModelArtifact.ITEMS)).get(5))
                .isEqualTo("item-5\t" + expectedItems.clicks(5) + "\tcat-1");
        assertThat(loaded.hybridRanker()).isPresent();
    }

    @Test
    void shouldWriteItemStatisticsButNoSessionsWithoutRanker() throws IOException {
        Path dir = ModelArtifact.export(models, export("v7", model(20)));

        ModelArtifact loaded = ModelArtifact.load(dir);

        assertThat(loaded.metadata().files()).containsOnlyKeys("lstm.zip", "items.tsv");
        assertThat(loaded.metadata().hybrid()).isNull();
        assertThat(loaded.items()).isEqualTo(ItemStats.empty(20));
        assertThat(loaded.trainingSessions()).isEmpty();
        assertThat(loaded.hybridRanker()).isEmpty();
        assertThat(dir.resolve(ModelArtifact.SESSIONS)).doesNotExist();
    }

    @Test
    void shouldRefuseATamperedSessionsFileNamingIt() throws IOException {
        Path dir = TestModels.exportHybrid(models, "h2", 40, 6, 5, 3L);
        byte[] bytes = Files.readAllBytes(dir.resolve(ModelArtifact.SESSIONS));
        bytes[bytes.length - 1] ^= 0x01;
        Files.write(dir.resolve(ModelArtifact.SESSIONS), bytes);

        assertThatThrownBy(() -> ModelArtifact.load(dir))
                .isInstanceOf(ModelArtifactException.class)
                .hasMessageStartingWith("sessions.bin: corrupt or modified (SHA-256 ");
    }

    @Test
    void shouldRefuseASessionsFileWithAnIndexOutsideTheVocabularyEvenWithAMatchingChecksum() throws IOException {
        Path dir = TestModels.exportHybrid(models, "h3", 40, 6, 5, 3L);
        // magic, 40 items, 1 session of 2 clicks: 3 and 41 (outside the 40-item vocabulary).
        Files.write(dir.resolve(ModelArtifact.SESSIONS), new byte[]{'P', 'S', 'S', '1', 40, 1, 2, 3, 41});
        rewriteMetadata(dir, m -> ((ObjectNode) m.get("files")).put(ModelArtifact.SESSIONS,
                sha(dir.resolve(ModelArtifact.SESSIONS))));

        assertThatThrownBy(() -> ModelArtifact.load(dir))
                .isInstanceOf(ModelArtifactException.class)
                .hasMessage("sessions.bin: session 0 has item index 41 outside the vocabulary of 40");
    }

    @Test
    void shouldRefuseItemStatisticsOfAnotherVocabularyNamingTheFile() throws IOException {
        Path dir = ModelArtifact.export(models, export("v8", model(20)));
        List<String> lines = new ArrayList<>(Files.readAllLines(dir.resolve(ModelArtifact.ITEMS)));
        lines.remove(19);
        Files.write(dir.resolve(ModelArtifact.ITEMS), lines);
        rewriteMetadata(dir, m -> ((ObjectNode) m.get("files")).put(ModelArtifact.ITEMS, sha(dir.resolve(ModelArtifact.ITEMS))));

        assertThatThrownBy(() -> ModelArtifact.load(dir))
                .isInstanceOf(ModelArtifactException.class)
                .hasMessage("items.tsv: has 19 items but vocabulary.txt has 20");
    }

    @Test
    void shouldRefuseAFormatOneDirectory() throws IOException {
        Path dir = ModelArtifact.export(models, export("v9", model(20)));
        rewriteMetadata(dir, m -> m.put("formatVersion", 1));

        assertThatThrownBy(() -> ModelArtifact.load(dir))
                .isInstanceOf(ModelArtifactException.class)
                .hasMessage("metadata.json: format version 1 is not supported (expected 2): it lacks items.tsv and"
                        + " sessions.bin, which online ranking needs; re-export it with this version of the trainer");
    }

    private interface Edit {
        void apply(ObjectNode metadata) throws IOException;
    }

    private static void rewriteMetadata(Path dir, Edit edit) throws IOException {
        ObjectNode m = (ObjectNode) Json.mapper().readTree(dir.resolve(ModelArtifact.METADATA).toFile());
        edit.apply(m);
        Json.mapper().writeValue(dir.resolve(ModelArtifact.METADATA).toFile(), m);
    }

    private static String sha(Path file) throws IOException {
        return ModelArtifact.sha256(file);
    }

    private static ModelArtifact.Export export(String version, LstmNextItemModel model) {
        return new ModelArtifact.Export(version, "data-hash", model, LstmTrainingConfig.defaults(), null, null,
                List.of(), null, ItemStats.empty(model.vocabulary().size()), null, Map.of("lstm.recall@20", 0.5));
    }

    private static ItemVocabulary vocabulary(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("item-" + i);
        }
        return new ItemVocabulary(ids);
    }

    private static LstmNextItemModel model(int items) {
        Random r = new Random(9);
        int e = 4;
        int h = 5;
        return new LstmNextItemModel(vocabulary(items), new LstmWeights(items, e, h, fill(r, items * e),
                fill(r, e * 4 * h), fill(r, h * 4 * h), fill(r, 4 * h), fill(r, items * h), fill(r, items)));
    }

    private static float[] fill(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }
}
