package io.profilestream.ml.artifact;

import io.profilestream.ml.ItemStats;
import io.profilestream.ml.ItemVocabulary;
import io.profilestream.ml.Nd4jRuntime;
import io.profilestream.ml.hybrid.HybridFeatures;
import io.profilestream.ml.hybrid.HybridRanker;
import io.profilestream.ml.hybrid.HybridSettings;
import io.profilestream.ml.hybrid.Signals;
import io.profilestream.ml.knn.TrainingSessions;
import io.profilestream.ml.lstm.Dl4jLstmNetwork;
import io.profilestream.ml.lstm.LstmNextItemModel;
import io.profilestream.ml.lstm.RepeatHead;
import io.profilestream.ml.lstm.LstmTrainingConfig;
import io.profilestream.ml.lstm.LstmWeights;
import io.profilestream.ml.ranker.MlpConfig;
import io.profilestream.ml.ranker.MlpRanker;
import io.profilestream.model.serde.Json;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A versioned model directory: {@code lstm.zip} (DL4J network, {@link Dl4jLstmNetwork}),
 * {@code vocabulary.txt}, {@code items.tsv} (training clicks and category per item),
 * {@code metadata.json}, and with a ranker {@code ranker.zip} ({@link MlpRanker}) and
 * {@code sessions.bin} (the training sessions the kNN signals search); format of the data files:
 * {@link ArtifactFiles}. Everything the ranker's features need is in the directory, so
 * {@link #hybridRanker()} is the same model offline ({@code evaluate --model}) and online.
 *
 * <p>Export writes into a hidden temp directory next to the target and renames it atomically, so a
 * watcher of the models directory sees a version completely or not at all (watchers should ignore
 * names starting with '.'). {@link #load} checks everything before it returns: a model is either
 * fully valid or refused with a {@link ModelArtifactException} naming the file and the problem.
 */
public final class ModelArtifact {

    /** 2: items.tsv, sessions.bin and the hybrid settings were added; 1 cannot serve the ranker. */
    public static final int FORMAT_VERSION = 2;
    public static final String METADATA = "metadata.json";
    public static final String VOCABULARY = "vocabulary.txt";
    public static final String LSTM = "lstm.zip";
    public static final String RANKER = "ranker.zip";
    public static final String ITEMS = "items.tsv";
    public static final String SESSIONS = "sessions.bin";
    /** The LSTM's {@link io.profilestream.ml.lstm.RepeatHead}; absent for a model trained without one. */
    public static final String REPEAT = "repeat.json";

    private final Path directory;
    private final ModelMetadata metadata;
    private final LstmNextItemModel lstm;
    private final MultiLayerNetwork reference;
    private final MlpRanker ranker;
    private final ItemStats items;
    private final TrainingSessions sessions;
    private volatile HybridRanker hybrid;

    private ModelArtifact(Path directory, ModelMetadata metadata, LstmNextItemModel lstm,
                          MultiLayerNetwork reference, MlpRanker ranker, ItemStats items, TrainingSessions sessions) {
        this.directory = directory;
        this.metadata = metadata;
        this.lstm = lstm;
        this.reference = reference;
        this.ranker = ranker;
        this.items = items;
        this.sessions = sessions;
    }

    /**
     * What to export. {@code ranker} may be null: then {@code rankerFeatures} must be empty and
     * {@code sessions}, {@code hybrid} are not written. With a ranker, {@code sessions} and
     * {@code hybrid} are required: the serving process rebuilds the kNN signals from them.
     *
     * @param items    training clicks and category per vocabulary item (required)
     * @param sessions the training sessions in recency order (the whole training set the signals are
     *                 fitted on at evaluation and serving time)
     * @param hybrid   candidate top-N and kNN settings the ranker was trained with
     */
    public record Export(String version, String trainingDataHash, LstmNextItemModel lstm,
                         LstmTrainingConfig lstmConfig, MlpRanker ranker, MlpConfig rankerConfig,
                         List<String> rankerFeatures, HybridSettings hybrid, ItemStats items,
                         TrainingSessions sessions, Map<String, Double> metrics) {
    }

    /**
     * Writes {@code modelsDir/<version>} atomically and returns its path.
     *
     * @throws IllegalArgumentException on a bad version label, an existing version or a ranker
     *                                  whose input size differs from the feature names
     */
    public static Path export(Path modelsDir, Export e) throws IOException {
        ModelsDirectory.requireVersionLabel(e.version());
        List<String> features = e.rankerFeatures() == null ? List.of() : List.copyOf(e.rankerFeatures());
        if (e.ranker() != null && e.ranker().featureCount() != features.size()) {
            throw new IllegalArgumentException("ranker expects " + e.ranker().featureCount() + " features but "
                    + features.size() + " feature names were given");
        }
        if (e.items() == null || e.items().size() != e.lstm().vocabulary().size()) {
            throw new IllegalArgumentException("item statistics for all " + e.lstm().vocabulary().size()
                    + " vocabulary items are required");
        }
        if (e.ranker() != null && (e.hybrid() == null || e.sessions() == null
                || e.sessions().itemCount() != e.lstm().vocabulary().size())) {
            throw new IllegalArgumentException("a ranker needs its hybrid settings and the training sessions over the"
                    + " model's vocabulary");
        }
        if (e.ranker() != null) {
            new HybridFeatures(features); // refuses unknown names before anything is written
        }
        // Written into a hidden directory and renamed into place: a registry never sees half a version.
        return ModelsDirectory.publish(modelsDir, e.version(), tmp -> {
            ItemVocabulary vocabulary = e.lstm().vocabulary();
            vocabulary.write(tmp.resolve(VOCABULARY));
            ModelSerializer.writeModel(Dl4jLstmNetwork.toNetwork(e.lstm().weights()), tmp.resolve(LSTM).toFile(), false);
            ArtifactFiles.writeItems(tmp.resolve(ITEMS), vocabulary, e.items());
            Map<String, String> files = new LinkedHashMap<>();
            files.put(LSTM, sha256(tmp.resolve(LSTM)));
            files.put(ITEMS, sha256(tmp.resolve(ITEMS)));
            if (!e.lstm().repeatHead().isNone()) {
                ArtifactFiles.writeRepeatHead(tmp.resolve(REPEAT), e.lstm().repeatHead());
                files.put(REPEAT, sha256(tmp.resolve(REPEAT)));
            }
            if (e.ranker() != null) {
                e.ranker().save(tmp.resolve(RANKER));
                files.put(RANKER, sha256(tmp.resolve(RANKER)));
                ArtifactFiles.writeSessions(tmp.resolve(SESSIONS), e.sessions());
                files.put(SESSIONS, sha256(tmp.resolve(SESSIONS)));
            }
            LstmWeights w = e.lstm().weights();
            ModelMetadata metadata = new ModelMetadata(FORMAT_VERSION, e.version(), Instant.now(), e.trainingDataHash(),
                    vocabulary.size(), vocabulary.fingerprint(), w.embeddingSize(), w.hiddenSize(), e.lstmConfig(),
                    e.rankerConfig(), features, e.ranker() == null ? null : e.hybrid(), e.metrics() == null ? Map.of() : Map.copyOf(e.metrics()), files);
            Json.mapper().writerWithDefaultPrettyPrinter().writeValue(tmp.resolve(METADATA).toFile(), metadata);
        });
    }

    /**
     * Loads and validates a model directory.
     *
     * @throws ModelArtifactException naming the file and the problem; nothing is half-loaded
     */
    public static ModelArtifact load(Path dir) {
        Nd4jRuntime.configure();
        ModelMetadata m = readMetadata(dir);
        ItemVocabulary vocabulary = readVocabulary(dir, m);
        for (Map.Entry<String, String> f : m.files().entrySet()) {
            String actual;
            try {
                actual = sha256(dir.resolve(f.getKey()));
            } catch (NoSuchFileException ex) {
                throw new ModelArtifactException(f.getKey() + ": missing in " + dir);
            } catch (IOException ex) {
                throw new ModelArtifactException(f.getKey() + ": unreadable: " + ex.getMessage(), ex);
            }
            if (!actual.equals(f.getValue())) {
                throw new ModelArtifactException(f.getKey() + ": corrupt or modified (SHA-256 " + actual
                        + " but metadata.json records " + f.getValue() + ")");
            }
        }
        for (String required : List.of(LSTM, ITEMS)) {
            if (!m.files().containsKey(required)) {
                throw new ModelArtifactException(METADATA + ": lists no " + required);
            }
        }
        MultiLayerNetwork net;
        LstmWeights weights;
        try {
            net = ModelSerializer.restoreMultiLayerNetwork(dir.resolve(LSTM).toFile(), false);
            weights = Dl4jLstmNetwork.fromNetwork(net);
        } catch (Exception ex) {
            throw new ModelArtifactException(LSTM + ": not a valid LSTM network: " + ex.getMessage(), ex);
        }
        if (weights.items() != vocabulary.size()) {
            throw new ModelArtifactException(LSTM + ": parameters cover " + weights.items() + " items but "
                    + VOCABULARY + " has " + vocabulary.size());
        }
        if (weights.hiddenSize() != m.hiddenSize() || weights.embeddingSize() != m.embeddingSize()) {
            throw new ModelArtifactException(LSTM + ": embedding/hidden sizes " + weights.embeddingSize() + "/"
                    + weights.hiddenSize() + " differ from metadata.json " + m.embeddingSize() + "/" + m.hiddenSize());
        }
        MlpRanker ranker = null;
        if (m.files().containsKey(RANKER)) {
            try {
                ranker = MlpRanker.load(dir.resolve(RANKER));
            } catch (Exception ex) {
                throw new ModelArtifactException(RANKER + ": not a valid ranker: " + ex.getMessage(), ex);
            }
            if (ranker.featureCount() != m.rankerFeatures().size()) {
                throw new ModelArtifactException(RANKER + ": expects " + ranker.featureCount() + " features but "
                        + METADATA + " names " + m.rankerFeatures().size());
            }
            try {
                new HybridFeatures(m.rankerFeatures());
            } catch (IllegalArgumentException ex) {
                throw new ModelArtifactException(METADATA + ": " + ex.getMessage(), ex);
            }
            if (m.hybrid() == null) {
                throw new ModelArtifactException(METADATA + ": a model with a ranker needs its hybrid settings");
            }
            if (!m.files().containsKey(SESSIONS)) {
                throw new ModelArtifactException(METADATA + ": a model with a ranker lists no " + SESSIONS);
            }
        }
        ItemStats items = ArtifactFiles.readItems(dir.resolve(ITEMS), vocabulary);
        TrainingSessions sessions = m.files().containsKey(SESSIONS)
                ? ArtifactFiles.readSessions(dir.resolve(SESSIONS), vocabulary.size()) : null;
        RepeatHead repeat = m.files().containsKey(REPEAT)
                ? ArtifactFiles.readRepeatHead(dir.resolve(REPEAT))
                : RepeatHead.none();
        return new ModelArtifact(dir, m, new LstmNextItemModel(vocabulary, weights, repeat), net, ranker, items, sessions);
    }

    private static ModelMetadata readMetadata(Path dir) {
        Path file = dir.resolve(METADATA);
        if (!Files.isRegularFile(file)) {
            throw new ModelArtifactException(METADATA + ": missing in " + dir);
        }
        ModelMetadata m;
        try {
            m = Json.mapper().readValue(file.toFile(), ModelMetadata.class);
        } catch (IOException ex) {
            throw new ModelArtifactException(METADATA + ": not valid JSON metadata: " + ex.getMessage(), ex);
        }
        if (m.formatVersion() != FORMAT_VERSION) {
            throw new ModelArtifactException(METADATA + ": format version " + m.formatVersion()
                    + " is not supported (expected " + FORMAT_VERSION + ")"
                    + (m.formatVersion() < FORMAT_VERSION ? ": it lacks items.tsv and sessions.bin, which online"
                    + " ranking needs; re-export it with this version of the trainer" : ""));
        }
        if (m.files() == null || m.vocabularyFingerprint() == null || m.rankerFeatures() == null) {
            throw new ModelArtifactException(METADATA + ": files, vocabularyFingerprint and rankerFeatures are required");
        }
        return m;
    }

    private static ItemVocabulary readVocabulary(Path dir, ModelMetadata m) {
        Path file = dir.resolve(VOCABULARY);
        if (!Files.isRegularFile(file)) {
            throw new ModelArtifactException(VOCABULARY + ": missing in " + dir);
        }
        ItemVocabulary v;
        try {
            v = ItemVocabulary.read(file);
        } catch (IOException | IllegalArgumentException ex) {
            throw new ModelArtifactException(VOCABULARY + ": unreadable: " + ex.getMessage(), ex);
        }
        if (!v.fingerprint().equals(m.vocabularyFingerprint()) || v.size() != m.vocabularySize()) {
            throw new ModelArtifactException(VOCABULARY + ": fingerprint " + v.fingerprint() + " (" + v.size()
                    + " items) does not match metadata.json " + m.vocabularyFingerprint() + " (" + m.vocabularySize() + " items)");
        }
        return v;
    }

    /** Directory it was loaded from. */
    public Path directory() {
        return directory;
    }

    /** The parsed metadata.json. */
    public ModelMetadata metadata() {
        return metadata;
    }

    /** The LSTM, evaluated in plain Java (the online path). */
    public LstmNextItemModel lstm() {
        return lstm;
    }

    /** The same LSTM as the DL4J network stored in lstm.zip (the reference path). */
    public MultiLayerNetwork referenceNetwork() {
        return reference;
    }

    /** The ranker, when the artifact has one. */
    public Optional<MlpRanker> ranker() {
        return Optional.ofNullable(ranker);
    }

    /** Training clicks and category per vocabulary item. */
    public ItemStats items() {
        return items;
    }

    /** The training sessions (recency order) the ranker's kNN signals search; present with a ranker. */
    public Optional<TrainingSessions> trainingSessions() {
        return Optional.ofNullable(sessions);
    }

    /**
     * The LSTM+MLP hybrid of this artifact, built entirely from the directory's data (the kNN index
     * over sessions.bin is built on the first call, then kept); empty without a ranker. Offline
     * evaluation and online serving both use this, so they compute the same features.
     */
    public Optional<HybridRanker> hybridRanker() {
        if (ranker == null) {
            return Optional.empty();
        }
        HybridRanker h = hybrid;
        if (h == null) {
            synchronized (this) {
                h = hybrid;
                if (h == null) {
                    h = new HybridRanker(new Signals(lstm, items, sessions, metadata.hybrid()),
                            new HybridFeatures(metadata.rankerFeatures()), ranker);
                    hybrid = h;
                }
            }
        }
        return Optional.of(h);
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            MessageDigest d = ((DigestInputStream) in).getMessageDigest();
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return java.util.HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
