package io.profilestream.ml.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BagOfWordsTest {

    @TempDir
    Path dir;

    @Test
    void shouldKeepFeaturesOfEnoughTextsMostFrequentFirstTiesByName() {
        BagOfWords bag = BagOfWords.fit(List.of("good product", "Good price!", "bad product", "product"), false, 2, 100);

        assertThat(bag.features()).containsExactly("product", "good");
    }

    @Test
    void shouldBoundTheVocabulary() {
        BagOfWords bag = BagOfWords.fit(List.of("a b c", "a b", "a"), false, 1, 2);

        assertThat(bag.features()).containsExactly("a", "b");
    }

    @Test
    void shouldAddJoinedBigramsWhenAsked() {
        BagOfWords bag = BagOfWords.fit(List.of("not good", "not good at all"), true, 2, 100);

        assertThat(bag.features()).containsExactly("good", "not", "not_good");
    }

    @Test
    void shouldGiveEachDistinctKnownFeatureAnEqualShareAndIgnoreUnknownOnes() {
        BagOfWords bag = BagOfWords.of(List.of("good", "product", "good_product"), true);

        assertThat(bag.vector("good good stuff")).containsExactly(1f, 0f, 0f);
        assertThat(bag.vector("Good product")).containsExactly(1f / 3, 1f / 3, 1f / 3);
        assertThat(bag.vector("nothing known")).containsExactly(0f, 0f, 0f);
    }

    @Test
    void shouldReadBackWhatItWrote() throws Exception {
        BagOfWords bag = BagOfWords.of(List.of("café", "not_good"), true);
        bag.write(dir.resolve("features.txt"));

        BagOfWords read = BagOfWords.read(dir.resolve("features.txt"), true);

        assertThat(read.features()).containsExactly("café", "not_good");
        assertThat(read.vector("not good")).containsExactly(0f, 1f);
    }
}
