package io.profilestream.ml.text;

import io.profilestream.ml.artifact.ModelArtifactException;
import io.profilestream.model.serde.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link QueryInterests} from counts: for every query token t and category c, n(t, c) = how often a
 * view of c followed a query containing t (the pairing is the trainer's business). A token's
 * distribution is smoothed towards the category prior p(c) (all training views):
 * {@code p(c | t) = (n(t, c) + α p(c)) / (n(t) + α)}; a query's distribution is the mean over its
 * distinct known tokens. Why the mean and not the product (naive Bayes): a query like
 * "wireless phone" mixes two intents and the product would erase the weaker one; a mean keeps both.
 * Why smoothing: a token seen once would otherwise claim one category with certainty.
 *
 * <p>Artifact: one JSON file {@value #FILE} (version, tokenizer version, α, prior counts, token
 * counts). Immutable.
 */
public final class QueryCategoryModel implements QueryInterests {

    public static final String FILE = "query-interests.json";
    public static final String KIND = "query-interests";
    public static final int FORMAT_VERSION = 1;

    /**
     * The stored form.
     *
     * @param kind             {@link #KIND}
     * @param formatVersion    {@link #FORMAT_VERSION}
     * @param modelVersion     version label
     * @param createdAt        export time (null before export)
     * @param tokenizerVersion {@link TextTokenizer#VERSION} at training time
     * @param smoothing        α
     * @param prior            views per category
     * @param tokens           per token, the views per category that followed it
     * @param metrics          evaluation results given by the caller
     */
    public record Counts(String kind, int formatVersion, String modelVersion, Instant createdAt, int tokenizerVersion,
                         double smoothing, Map<String, Long> prior, Map<String, Map<String, Long>> tokens,
                         Map<String, Double> metrics) {
    }

    private final Counts counts;
    private final Map<String, Double> prior;
    /** Smoothed p(c | t) for every category of the prior, per token. */
    private final Map<String, Map<String, Double>> tokenDistributions = new HashMap<>();

    private QueryCategoryModel(Counts counts) {
        this.counts = counts;
        long total = counts.prior().values().stream().mapToLong(Long::longValue).sum();
        if (total <= 0) {
            throw new IllegalArgumentException("the category prior is empty: no training views");
        }
        Map<String, Double> p = new TreeMap<>();
        counts.prior().forEach((c, n) -> p.put(c, n / (double) total));
        this.prior = Collections.unmodifiableMap(p);
        double alpha = counts.smoothing();
        counts.tokens().forEach((token, byCategory) -> {
            long n = byCategory.values().stream().mapToLong(Long::longValue).sum();
            Map<String, Double> d = new HashMap<>();
            for (String c : prior.keySet()) {
                d.put(c, (byCategory.getOrDefault(c, 0L) + alpha * prior.get(c)) / (n + alpha));
            }
            for (String c : byCategory.keySet()) {
                if (!prior.containsKey(c)) {
                    throw new IllegalArgumentException("token '" + token + "' counts category '" + c + "' that has no prior");
                }
            }
            tokenDistributions.put(token, d);
        });
    }

    /** Collects counts; not thread-safe. */
    public static final class Builder {
        private final Map<String, Long> prior = new TreeMap<>();
        private final Map<String, Map<String, Long>> tokens = new TreeMap<>();

        /** One view of {@code category} (the prior). */
        public Builder addView(String category) {
            prior.merge(category, 1L, Long::sum);
            return this;
        }

        /** A view of {@code category} that followed {@code query}: counted once per distinct token. */
        public Builder addQueryView(String query, String category) {
            for (String t : new LinkedHashSet<>(TextTokenizer.tokens(query))) {
                tokens.computeIfAbsent(t, k -> new TreeMap<>()).merge(category, 1L, Long::sum);
            }
            return this;
        }

        /**
         * The model.
         *
         * @param smoothing α ≥ 0, in pseudo-views of the prior
         * @throws IllegalArgumentException without views, or with a query view of a category never viewed
         */
        public QueryCategoryModel build(double smoothing, String version) {
            if (!(smoothing >= 0)) {
                throw new IllegalArgumentException("smoothing must be >= 0, got " + smoothing);
            }
            return new QueryCategoryModel(new Counts(KIND, FORMAT_VERSION, version, null, TextTokenizer.VERSION, smoothing,
                    Map.copyOf(prior), copy(tokens), Map.of()));
        }

        private static Map<String, Map<String, Long>> copy(Map<String, Map<String, Long>> m) {
            Map<String, Map<String, Long>> out = new HashMap<>();
            m.forEach((k, v) -> out.put(k, Map.copyOf(v)));
            return Map.copyOf(out);
        }
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Map<String, Double> categories(String query) {
        List<Map<String, Double>> known = new ArrayList<>();
        for (String t : new LinkedHashSet<>(TextTokenizer.tokens(query))) {
            Map<String, Double> d = tokenDistributions.get(t);
            if (d != null) {
                known.add(d);
            }
        }
        if (known.isEmpty()) {
            return Map.of();
        }
        Map<String, Double> sum = new HashMap<>();
        for (Map<String, Double> d : known) {
            d.forEach((c, p) -> sum.merge(c, p / known.size(), Double::sum));
        }
        return sorted(sum);
    }

    /** p(c) over all training views, descending (the popularity ranking). */
    public Map<String, Double> prior() {
        return sorted(prior);
    }

    private static Map<String, Double> sorted(Map<String, Double> m) {
        List<Map.Entry<String, Double>> entries = new ArrayList<>(m.entrySet());
        entries.sort(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        Map<String, Double> out = new LinkedHashMap<>();
        entries.forEach(e -> out.put(e.getKey(), e.getValue()));
        return Collections.unmodifiableMap(out);
    }

    @Override
    public String version() {
        return counts.modelVersion();
    }

    /** Number of known query tokens. */
    public int tokenCount() {
        return tokenDistributions.size();
    }

    /**
     * Writes {@code directory}/{@value #FILE} (directory created; an existing file is refused),
     * through a temp file and a rename.
     */
    public Path save(Path directory, Map<String, Double> metrics) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve(FILE);
        if (Files.exists(file)) {
            throw new IllegalArgumentException(file + " exists already; give a new directory");
        }
        Counts out = new Counts(KIND, FORMAT_VERSION, counts.modelVersion(), Instant.now(), TextTokenizer.VERSION,
                counts.smoothing(), new TreeMap<>(counts.prior()), sortedTokens(), new TreeMap<>(metrics));
        Path tmp = directory.resolve("." + FILE + ".partial");
        Json.mapper().writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), out);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    private Map<String, Map<String, Long>> sortedTokens() {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        counts.tokens().forEach((t, m) -> out.put(t, new TreeMap<>(m)));
        return out;
    }

    /**
     * Loads {@code directory}/{@value #FILE}.
     *
     * @throws ModelArtifactException naming the file and the problem
     */
    public static QueryCategoryModel load(Path directory) {
        Path file = directory.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new ModelArtifactException(file + ": no such file (not a query-interests model directory)");
        }
        Counts c;
        try {
            c = Json.mapper().readValue(file.toFile(), Counts.class);
        } catch (IOException e) {
            throw new ModelArtifactException(FILE + ": unreadable: " + e.getMessage(), e);
        }
        if (!KIND.equals(c.kind()) || c.formatVersion() != FORMAT_VERSION) {
            throw new ModelArtifactException(FILE + ": kind '" + c.kind() + "' format " + c.formatVersion() + ", expected '"
                    + KIND + "' format " + FORMAT_VERSION);
        }
        if (c.tokenizerVersion() != TextTokenizer.VERSION) {
            throw new ModelArtifactException(FILE + ": trained with tokenizer version " + c.tokenizerVersion()
                    + " but this build tokenizes with version " + TextTokenizer.VERSION + "; retrain the model");
        }
        if (c.prior() == null || c.tokens() == null || !(c.smoothing() >= 0)) {
            throw new ModelArtifactException(FILE + ": prior, tokens and a smoothing >= 0 are required");
        }
        try {
            return new QueryCategoryModel(c);
        } catch (IllegalArgumentException e) {
            throw new ModelArtifactException(FILE + ": " + e.getMessage(), e);
        }
    }
}
