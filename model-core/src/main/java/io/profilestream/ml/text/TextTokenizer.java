package io.profilestream.ml.text;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one tokenizer of every text model: training, evaluation, baselines and serving all call
 * {@link #tokens}, so a model never sees at serving time a token form it was not trained on.
 *
 * <p>Rules: Unicode NFKC, lower case (root locale), tokens are maximal runs of letters and
 * digits; an apostrophe between two letters is dropped, so {@code don't} and {@code dont} are one
 * token (reviews spell both). Everything else separates tokens. At most {@link #MAX_TOKENS} tokens
 * are kept: a review longer than that says nothing new for its class, and the bound keeps the cost
 * of scoring one event fixed.
 */
public final class TextTokenizer {

    /** Bumped whenever a rule changes: artifacts record it and refuse to load under another. */
    public static final int VERSION = 1;

    /** Tokens kept from the start of a text. */
    public static final int MAX_TOKENS = 400;

    private TextTokenizer() {
    }

    /** The tokens of {@code text} in order; empty for null or blank text. */
    public static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        String s = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder token = new StringBuilder();
        int n = s.length();
        for (int i = 0; i < n && out.size() < MAX_TOKENS; i++) {
            char c = s.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                token.append(c);
            } else if (isApostrophe(c) && token.length() > 0 && i + 1 < n && Character.isLetter(s.charAt(i + 1))) {
                continue; // inside a word: "don't" -> "dont"
            } else if (token.length() > 0) {
                out.add(token.toString());
                token.setLength(0);
            }
        }
        if (token.length() > 0 && out.size() < MAX_TOKENS) {
            out.add(token.toString());
        }
        return out;
    }

    private static boolean isApostrophe(char c) {
        return c == '\'' || c == '\u2019';
    }
}
