package io.profilestream.ml.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextTokenizerTest {

    @Test
    void shouldLowerCaseSplitOnNonAlphanumericsAndDropApostrophesInsideWords() {
        assertThat(TextTokenizer.tokens("Don't LOVE it!!  5 stars, café\u2019s best"))
                .containsExactly("dont", "love", "it", "5", "stars", "cafés", "best");
    }

    @Test
    void shouldSplitAtAnApostropheThatIsNotBetweenLetters() {
        assertThat(TextTokenizer.tokens("the girls' night 'quoted'")).containsExactly("the", "girls", "night", "quoted");
    }

    @Test
    void shouldNormaliseCompatibilityCharacters() {
        assertThat(TextTokenizer.tokens("\uFB01ne ＡＢＣ")).containsExactly("fine", "abc");
    }

    @Test
    void shouldReturnNoTokensForNullBlankOrPunctuationOnlyText() {
        assertThat(TextTokenizer.tokens(null)).isEmpty();
        assertThat(TextTokenizer.tokens("  \n\t")).isEmpty();
        assertThat(TextTokenizer.tokens("!!! ... ???")).isEmpty();
    }

    @Test
    void shouldKeepOnlyTheFirstMaxTokens() {
        List<String> tokens = TextTokenizer.tokens("a b ".repeat(300));

        assertThat(tokens).hasSize(TextTokenizer.MAX_TOKENS);
        assertThat(tokens.get(TextTokenizer.MAX_TOKENS - 1)).isEqualTo("b");
    }
}
