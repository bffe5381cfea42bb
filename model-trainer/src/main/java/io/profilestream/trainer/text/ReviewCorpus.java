package io.profilestream.trainer.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.profilestream.ml.text.Sentiment;
import io.profilestream.ml.text.TextTokenizer;
import io.profilestream.model.serde.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Labelled review texts from Amazon review JSON lines ({@code overall}, {@code reviewText},
 * {@code unixReviewTime}), de-duplicated.
 *
 * <p>The de-duplication key is the text's {@link TextTokenizer} token sequence: two texts that
 * differ only in case, spacing or punctuation are the same input to every model, so keeping both
 * would put one text in training and test at once (the Amazon 5-core files repeat a review for
 * every product variant). Of each group the earliest review is kept (its time and stars); groups
 * whose reviews disagree on the class are counted. Only {@code reviewText} is used, not
 * {@code summary}: summaries such as "Five Stars" state the label, and live review events carry
 * the body only.
 */
public final class ReviewCorpus {

    /**
     * One de-duplicated text.
     *
     * @param text  review text as first seen
     * @param stars 1..5
     * @param label class of the stars
     * @param time  unix seconds of the earliest review with this text
     */
    public record Review(String text, int stars, Sentiment label, long time) {
    }

    /**
     * The corpus and what reading it dropped.
     *
     * @param reviews      distinct texts in order of first appearance in the file
     * @param lines        JSON lines read
     * @param emptyTexts   lines without any token in reviewText
     * @param duplicates   lines whose text was already kept
     * @param conflicts    distinct texts whose repeats fall in more than one class
     */
    public record Corpus(List<Review> reviews, long lines, long emptyTexts, long duplicates, long conflicts) {

        /** Texts per class, in {@link Sentiment} order. */
        public int[] classCounts() {
            int[] n = new int[Sentiment.values().length];
            reviews.forEach(r -> n[r.label().ordinal()]++);
            return n;
        }
    }

    private ReviewCorpus() {
    }

    /**
     * Reads and de-duplicates {@code file}.
     *
     * @throws IOException naming the file and line of a line that is not a review object
     */
    public static Corpus read(Path file) throws IOException {
        Map<String, List<Review>> groups = new LinkedHashMap<>();
        long lines = 0;
        long empty = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String s = r.readLine(); s != null; s = r.readLine()) {
                if (s.isBlank()) {
                    continue;
                }
                lines++;
                Review review = parse(file, lines, s);
                List<String> tokens = TextTokenizer.tokens(review.text());
                if (tokens.isEmpty()) {
                    empty++;
                    continue;
                }
                groups.computeIfAbsent(String.join(" ", tokens), k -> new ArrayList<>()).add(review);
            }
        }
        List<Review> kept = new ArrayList<>();
        long duplicates = 0;
        long conflicts = 0;
        for (List<Review> g : groups.values()) {
            kept.add(g.stream().min(Comparator.comparingLong(Review::time)).orElseThrow());
            duplicates += g.size() - 1;
            if (g.stream().map(Review::label).distinct().count() > 1) {
                conflicts++;
            }
        }
        return new Corpus(List.copyOf(kept), lines, empty, duplicates, conflicts);
    }

    private static Review parse(Path file, long line, String s) throws IOException {
        JsonNode node;
        try {
            node = Json.mapper().readTree(s);
        } catch (JsonProcessingException e) {
            throw new IOException(file + " line " + line + ": not valid JSON: " + e.getOriginalMessage());
        }
        JsonNode overall = node == null ? null : node.get("overall");
        JsonNode time = node == null ? null : node.get("unixReviewTime");
        if (overall == null || !overall.isNumber() || time == null || !time.canConvertToLong()) {
            throw new IOException(file + " line " + line + ": expected a review object with numeric 'overall' and "
                    + "'unixReviewTime'");
        }
        double stars = overall.asDouble();
        if (stars != Math.rint(stars) || stars < 1 || stars > 5) {
            throw new IOException(file + " line " + line + ": 'overall' must be a whole number 1..5, got " + overall);
        }
        JsonNode text = node.get("reviewText");
        String t = text == null || text.isNull() ? "" : text.asText();
        return new Review(t, (int) stars, Sentiment.ofStars((int) stars), time.asLong());
    }
}
