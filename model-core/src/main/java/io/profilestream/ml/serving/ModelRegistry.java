package io.profilestream.ml.serving;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * The next-item model ({@link ServingModel}) a service uses right now, kept up to date from a
 * models directory: {@link VersionedModels} over the LSTM/MLP exports, whose version label is in
 * their {@code metadata.json}. Version choice ({@code CURRENT} pin, newest label), atomic swaps and
 * refusals are {@link VersionedModels}'s.
 */
public final class ModelRegistry extends VersionedModels<ServingModel> {

    /**
     * @param dir    the models directory (need not exist yet)
     * @param loader loads and validates one version directory; throws on any problem
     */
    public ModelRegistry(Path dir, Function<Path, ServingModel> loader) {
        super("Model", dir, loader, ServingModel::version, "metadata.json");
    }

    private ModelRegistry(ServingModel model) {
        super("Model", model, ServingModel::version);
    }

    /** A registry that always serves {@code model} (tests, or a fixed deployment). */
    public static ModelRegistry fixed(ServingModel model) {
        return new ModelRegistry(model);
    }
}
