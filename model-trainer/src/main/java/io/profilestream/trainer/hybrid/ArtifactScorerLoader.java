package io.profilestream.trainer.hybrid;

import io.profilestream.ml.SessionScorer;
import io.profilestream.ml.artifact.ModelArtifact;
import io.profilestream.ml.artifact.ModelMetadata;
import io.profilestream.ml.hybrid.HybridRanker;
import io.profilestream.ml.lstm.RepeatHead;
import io.profilestream.trainer.eval.ModelScorerLoader;
import io.profilestream.trainer.eval.ScorerFactory;
import io.profilestream.trainer.eval.TrainingData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code evaluate --model DIR} for a directory exported by {@code train}: offers {@code LSTM} (the
 * model alone, with its repeat head), {@value #NETWORK_ONLY} (the LSTM without its repeat head, when
 * it has one) and, when the directory has a ranker, {@code LSTM+MLP}: {@link ModelArtifact#hybridRanker()},
 * built from the directory's own data (training sessions, popularity, categories, kNN settings)
 * exactly as the serving process builds it, so the evaluation measures the model that is served.
 * The artifact stores the whole train.tsv it was trained on, so with that train.tsv the numbers are
 * those of signals fitted on it. Loading validates the whole directory first
 * ({@link ModelArtifact#load}); a model trained on another vocabulary is refused before anything runs.
 */
public final class ArtifactScorerLoader implements ModelScorerLoader {

    /** The scorer name of the LSTM network without its repeat head. */
    public static final String NETWORK_ONLY = "LSTM-net";

    @Override
    public boolean accepts(Path modelDir) {
        return Files.isRegularFile(modelDir.resolve(ModelArtifact.METADATA));
    }

    @Override
    public ScorerFactory load(Path modelDir) {
        List<ScorerFactory> all = loadAll(modelDir);
        return all.get(all.size() - 1);
    }

    @Override
    public List<ScorerFactory> loadAll(Path modelDir) {
        ModelArtifact artifact = ModelArtifact.load(modelDir);
        List<ScorerFactory> out = new ArrayList<>();
        if (!artifact.lstm().repeatHead().isNone()) {
            // The network without its repeat head, so one run shows what the head adds.
            SessionScorer network = artifact.lstm().withRepeatHead(RepeatHead.none());
            out.add(new Factory(artifact, NETWORK_ONLY, t -> SessionScorer.named(NETWORK_ONLY, network)));
        }
        out.add(new Factory(artifact, "LSTM", t -> artifact.lstm()));
        if (artifact.ranker().isPresent()) {
            out.add(new Factory(artifact, HybridRanker.NAME, t -> artifact.hybridRanker().orElseThrow()));
        }
        return out;
    }

    /**
     * The refusal message for a vocabulary mismatch (public so its exact wording is testable).
     */
    public static String mismatch(ModelMetadata m, TrainingData training) {
        return "model " + m.modelVersion() + " was trained on another item vocabulary (fingerprint "
                + m.vocabularyFingerprint() + ", " + m.vocabularySize() + " items) than --train (fingerprint "
                + training.vocabulary().fingerprint() + ", " + training.vocabulary().size()
                + " items): evaluate it with the train.tsv it was trained on";
    }

    private interface Create {
        SessionScorer create(TrainingData training);
    }

    private record Factory(ModelArtifact artifact, String name, Create create) implements ScorerFactory {

        @Override
        public void verify(TrainingData training) {
            if (!artifact.metadata().vocabularyFingerprint().equals(training.vocabulary().fingerprint())) {
                throw new IllegalArgumentException(mismatch(artifact.metadata(), training));
            }
        }

        @Override
        public SessionScorer create(TrainingData training) {
            verify(training);
            return create.create(training);
        }
    }
}
