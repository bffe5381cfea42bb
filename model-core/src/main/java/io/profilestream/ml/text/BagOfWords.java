package io.profilestream.ml.text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The input of the sentiment network: a vocabulary of features (tokens from {@link TextTokenizer},
 * and with {@code bigrams} also adjacent token pairs written {@code a_b}) and a text's vector over
 * it: each feature present gets {@code 1 / (number of distinct known features)}. A dense layer
 * over that vector is exactly the average of learned feature embeddings, the fastText-style
 * encoder, without padding or masks. Unknown features are ignored; a text with none is all zeros.
 *
 * <p>Presence rather than counts: a review that says "love" five times is not five times as
 * positive, and counts let long reviews dominate the average. Immutable.
 */
public final class BagOfWords {

    private final List<String> features;
    private final Map<String, Integer> index;
    private final boolean bigrams;

    private BagOfWords(List<String> features, boolean bigrams) {
        this.features = List.copyOf(features);
        this.bigrams = bigrams;
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < this.features.size(); i++) {
            if (m.put(this.features.get(i), i) != null) {
                throw new IllegalArgumentException("feature '" + this.features.get(i) + "' appears twice");
            }
        }
        this.index = m;
    }

    /** A vocabulary over given features, in input-column order. */
    public static BagOfWords of(List<String> features, boolean bigrams) {
        return new BagOfWords(features, bigrams);
    }

    /**
     * The features that occur in at least {@code minDocuments} of {@code texts}, at most
     * {@code maxFeatures} of them (most frequent first, ties by name so equal input gives an equal
     * vocabulary). The minimum drops one-off misspellings that a small corpus cannot learn.
     */
    public static BagOfWords fit(List<String> texts, boolean bigrams, int minDocuments, int maxFeatures) {
        Map<String, Integer> documents = new HashMap<>();
        for (String text : texts) {
            for (String f : distinctFeatures(text, bigrams)) {
                documents.merge(f, 1, Integer::sum);
            }
        }
        List<String> kept = new ArrayList<>();
        documents.forEach((f, n) -> {
            if (n >= minDocuments) {
                kept.add(f);
            }
        });
        kept.sort((a, b) -> {
            int byCount = Integer.compare(documents.get(b), documents.get(a));
            return byCount != 0 ? byCount : a.compareTo(b);
        });
        return new BagOfWords(kept.subList(0, Math.min(maxFeatures, kept.size())), bigrams);
    }

    /** Tokens, and with bigrams the joined adjacent pairs, without repeats, in first-seen order. */
    static Set<String> distinctFeatures(String text, boolean bigrams) {
        List<String> tokens = TextTokenizer.tokens(text);
        Set<String> out = new LinkedHashSet<>(tokens);
        if (bigrams) {
            for (int i = 1; i < tokens.size(); i++) {
                out.add(tokens.get(i - 1) + "_" + tokens.get(i));
            }
        }
        return out;
    }

    /** The vector of {@code text} (length {@link #size()}). */
    public float[] vector(String text) {
        float[] v = new float[features.size()];
        List<Integer> present = new ArrayList<>();
        for (String f : distinctFeatures(text, bigrams)) {
            Integer i = index.get(f);
            if (i != null) {
                present.add(i);
            }
        }
        for (int i : present) {
            v[i] = 1f / present.size();
        }
        return v;
    }

    /** Number of features (input columns). */
    public int size() {
        return features.size();
    }

    /** Whether bigram features are used. */
    public boolean bigrams() {
        return bigrams;
    }

    /** Features in input-column order. */
    public List<String> features() {
        return Collections.unmodifiableList(features);
    }

    /** One feature per line, in column order. */
    public void write(Path file) throws IOException {
        Files.write(file, features, StandardCharsets.UTF_8);
    }

    /** Reads a file written by {@link #write}. */
    public static BagOfWords read(Path file, boolean bigrams) throws IOException {
        return new BagOfWords(Files.readAllLines(file, StandardCharsets.UTF_8), bigrams);
    }
}
