package io.profilestream.trainer.text;

import io.profilestream.ml.text.Sentiment;
import io.profilestream.ml.text.TextTokenizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The lexicon baseline: +1 per positive word, -1 per negative word, the sign flipped for opinion
 * words within {@value #NEGATION_WINDOW} tokens after a negator ("not good" counts -1); a positive
 * sum is positive, a negative sum negative, zero neutral. No training.
 *
 * <p>The word lists ({@value #RESOURCE}) were written by hand for this project from common English
 * opinion vocabulary plus a few cosmetics words ("greasy", "breakout"); no published lexicon
 * could be downloaded here, so this one is small (about 200 words) and says so. Words are stored in
 * {@link TextTokenizer} form ("dont", not "don't").
 */
public final class LexiconBaseline {

    /** Classpath resource: {@code +word}, {@code -word} or {@code !negator} per line, {@code #} comments. */
    public static final String RESOURCE = "/io/profilestream/trainer/text/opinion-lexicon.txt";
    static final int NEGATION_WINDOW = 3;

    private final Set<String> positive;
    private final Set<String> negative;
    private final Set<String> negators;

    /** A lexicon from explicit lists (tests). */
    public LexiconBaseline(Set<String> positive, Set<String> negative, Set<String> negators) {
        this.positive = Set.copyOf(positive);
        this.negative = Set.copyOf(negative);
        this.negators = Set.copyOf(negators);
    }

    /** The lexicon shipped in {@value #RESOURCE}. */
    public static LexiconBaseline bundled() {
        Set<String> pos = new HashSet<>();
        Set<String> neg = new HashSet<>();
        Set<String> not = new HashSet<>();
        try (InputStream in = LexiconBaseline.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            int line = 0;
            for (String s = r.readLine(); s != null; s = r.readLine()) {
                line++;
                s = s.strip();
                if (s.isEmpty() || s.startsWith("#")) {
                    continue;
                }
                String word = s.substring(1);
                if (!TextTokenizer.tokens(word).equals(List.of(word))) {
                    throw new IllegalStateException(RESOURCE + " line " + line + ": '" + word + "' is not one token");
                }
                switch (s.charAt(0)) {
                    case '+' -> pos.add(word);
                    case '-' -> neg.add(word);
                    case '!' -> not.add(word);
                    default -> throw new IllegalStateException(RESOURCE + " line " + line + ": expected +word, -word or !word");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new LexiconBaseline(pos, neg, not);
    }

    /** The signed count of opinion words in {@code text}. */
    public int score(String text) {
        List<String> tokens = TextTokenizer.tokens(text);
        int sum = 0;
        int lastNegator = Integer.MIN_VALUE / 2;
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (negators.contains(t)) {
                lastNegator = i;
                continue;
            }
            int polarity = positive.contains(t) ? 1 : negative.contains(t) ? -1 : 0;
            sum += i - lastNegator <= NEGATION_WINDOW ? -polarity : polarity;
        }
        return sum;
    }

    /** The class of {@code text}. */
    public Sentiment classify(String text) {
        int s = score(text);
        return s > 0 ? Sentiment.POSITIVE : s < 0 ? Sentiment.NEGATIVE : Sentiment.NEUTRAL;
    }

    /** Number of positive, negative words and negators. */
    public int[] sizes() {
        return new int[] {positive.size(), negative.size(), negators.size()};
    }
}
