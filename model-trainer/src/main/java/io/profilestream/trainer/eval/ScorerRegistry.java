package io.profilestream.trainer.eval;

import io.profilestream.ml.SessionScorer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

/** The scorers an evaluation can run: named baselines, plus trained models through {@link ModelScorerLoader}s. */
public final class ScorerRegistry {

    private final Map<String, ScorerFactory> baselines = new LinkedHashMap<>();
    private final List<ModelScorerLoader> loaders;

    /**
     * @param baselines baseline factories, selectable by name (case-insensitive)
     * @param loaders   model loaders, asked in order
     */
    public ScorerRegistry(List<ScorerFactory> baselines, List<ModelScorerLoader> loaders) {
        baselines.forEach(f -> this.baselines.put(f.name().toLowerCase(Locale.ROOT), f));
        this.loaders = List.copyOf(loaders);
    }

    /** Model loaders registered on the class path. */
    public static List<ModelScorerLoader> discoveredLoaders() {
        List<ModelScorerLoader> out = new ArrayList<>();
        ServiceLoader.load(ModelScorerLoader.class).forEach(out::add);
        return out;
    }

    /** Baseline names in registration order. */
    public List<String> baselineNames() {
        return baselines.values().stream().map(ScorerFactory::name).toList();
    }

    /**
     * The factories to run: the named baselines, then one per model directory. With more than one
     * model directory each model's scorers are named {@code <name> (<directory name>)}, so the
     * rows of two versions compared in one run stay apart.
     *
     * @throws IllegalArgumentException for an unknown baseline or a directory no loader accepts
     * @throws java.nio.file.NoSuchFileException for a missing model directory (a missing input, as for any other file)
     */
    public List<ScorerFactory> select(List<String> baselineNames, List<Path> modelDirs) throws IOException {
        List<ScorerFactory> out = new ArrayList<>();
        for (String name : baselineNames) {
            ScorerFactory f = baselines.get(name.toLowerCase(Locale.ROOT));
            if (f == null) {
                throw new IllegalArgumentException("unknown baseline '" + name + "'; known: " + baselineNames());
            }
            out.add(f);
        }
        for (int m = 0; m < modelDirs.size(); m++) {
            Path dir = modelDirs.get(m);
            if (!Files.isDirectory(dir)) {
                throw new java.nio.file.NoSuchFileException(dir.toString(), null,
                        Files.exists(dir) ? "not a directory (--model takes a model directory)" : "no such model directory (--model)");
            }
            ModelScorerLoader loader = loaders.stream().filter(l -> l.accepts(dir)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(loaders.isEmpty()
                            ? "no model loader is registered in this build, so --model " + dir + " cannot be evaluated"
                            : "no registered model loader accepts " + dir));
            String label = modelLabel(modelDirs, m);
            for (ScorerFactory f : loader.loadAll(dir)) {
                out.add(modelDirs.size() > 1 ? renamed(f, f.name() + " (" + label + ")") : f);
            }
        }
        return out;
    }

    /** The directory's name, or the path as given when another directory has the same name, plus #n for a repeat. */
    private static String modelLabel(List<Path> dirs, int index) {
        Path dir = dirs.get(index);
        String name = String.valueOf(dir.getFileName());
        boolean sameName = dirs.stream().filter(d -> String.valueOf(d.getFileName()).equals(name)).count() > 1;
        String label = sameName ? dir.toString() : name;
        long before = dirs.subList(0, index).stream().filter(dir::equals).count();
        long all = dirs.stream().filter(dir::equals).count();
        return all == 1 ? label : label + " #" + (before + 1);
    }

    private static ScorerFactory renamed(ScorerFactory f, String name) {
        return new ScorerFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void verify(TrainingData training) {
                f.verify(training);
            }

            @Override
            public SessionScorer create(TrainingData training) throws IOException {
                return SessionScorer.named(name, f.create(training));
            }
        };
    }
}
