package io.profilestream.trainer.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.ml.text.Sentiment;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LexiconBaselineTest {

    private final LexiconBaseline lexicon = new LexiconBaseline(Set.of("good", "love"), Set.of("bad", "broke"),
            Set.of("not", "dont"));

    @Test
    void shouldCountOpinionWords() {
        assertThat(lexicon.score("Good stuff, I love it")).isEqualTo(2);
        assertThat(lexicon.classify("Good stuff, I love it")).isEqualTo(Sentiment.POSITIVE);
        assertThat(lexicon.classify("It broke, bad")).isEqualTo(Sentiment.NEGATIVE);
    }

    @Test
    void shouldFlipOpinionWordsWithinThreeTokensAfterANegator() {
        assertThat(lexicon.score("This is not good")).isEqualTo(-1);
        assertThat(lexicon.score("not a very good")).isEqualTo(-1);
        assertThat(lexicon.score("not the best of all good")).isEqualTo(1);
        assertThat(lexicon.score("Don't love it, but it's not bad")).isEqualTo(0);
        assertThat(lexicon.classify("Don't love it, but it's not bad")).isEqualTo(Sentiment.NEUTRAL);
    }

    @Test
    void shouldCallATextWithoutOpinionWordsNeutral() {
        assertThat(lexicon.classify("It arrived on Tuesday")).isEqualTo(Sentiment.NEUTRAL);
        assertThat(lexicon.classify("")).isEqualTo(Sentiment.NEUTRAL);
    }

    @Test
    void shouldLoadTheBundledLexicon() {
        LexiconBaseline bundled = LexiconBaseline.bundled();

        assertThat(bundled.sizes()).containsExactly(92, 93, 20);
        assertThat(bundled.classify("Terrible, it broke after a week and I want a refund")).isEqualTo(Sentiment.NEGATIVE);
        assertThat(bundled.classify("I love this shampoo, it works great")).isEqualTo(Sentiment.POSITIVE);
        assertThat(bundled.classify("It doesn't work")).isEqualTo(Sentiment.NEUTRAL);
        assertThat(bundled.classify("It isn't good")).isEqualTo(Sentiment.NEGATIVE);
    }
}
