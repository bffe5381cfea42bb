package io.profilestream.profileupdater.profile;

import io.profilestream.ml.artifact.ModelArtifactException;
import io.profilestream.ml.churn.ChurnArtifact;
import java.nio.file.Path;

/**
 * The one check that a model trained on folded profiles (churn, segments) still means what it
 * meant: its features were computed from profiles folded with some session gap, affinity half-life
 * and bound, and this service's {@link ProfileSettings} must be the same, or the model would score
 * features that mean something else.
 */
public final class FoldCompatibility {

    private FoldCompatibility() {
    }

    /**
     * Refuses a model whose fold settings differ from this service's; an artifact without recorded
     * fold settings (older) is accepted.
     *
     * @param path    where the model was loaded from (for the message)
     * @param model   e.g. {@code churn model churn-1}
     * @param fold    the fold settings the artifact records, or null
     * @param profile this service's settings
     * @param trained the past participle the message uses, e.g. {@code trained} or {@code fitted}
     * @param redo    what the operator must do, e.g. {@code retrain it}
     * @throws ModelArtifactException when they differ
     */
    public static void require(Path path, String model, ChurnArtifact.Fold fold, ProfileSettings profile,
                               String trained, String redo) {
        if (fold == null) {
            return;
        }
        ChurnArtifact.Fold ours = new ChurnArtifact.Fold(profile.sessionGap(), profile.affinityHalfLife(),
                profile.maxAffinityEntries());
        if (!fold.equals(ours)) {
            throw new ModelArtifactException(path + ": " + model + " was " + trained + " on profiles folded with " + fold
                    + ", but this service folds with " + ours + " (profilestream.profile.*): " + redo
                    + " with these settings");
        }
    }
}
