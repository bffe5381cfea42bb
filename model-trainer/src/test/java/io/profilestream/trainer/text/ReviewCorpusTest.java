package io.profilestream.trainer.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.profilestream.ml.text.Sentiment;
import io.profilestream.trainer.text.ReviewCorpus.Corpus;
import io.profilestream.trainer.text.ReviewCorpus.Review;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReviewCorpusTest {

    @TempDir
    Path dir;

    @Test
    void shouldKeepTheEarliestReviewOfTextsWithTheSameTokens() throws Exception {
        Path file = dir.resolve("r.json");
        Files.writeString(file, String.join("\n",
                "{\"overall\": 5.0, \"reviewText\": \"Love it!\", \"summary\": \"Five Stars\", \"unixReviewTime\": 200}",
                "{\"overall\": 4.0, \"reviewText\": \"love   it\", \"unixReviewTime\": 100}",
                "",
                "{\"overall\": 2.0, \"reviewText\": \"Broke fast.\", \"unixReviewTime\": 300}",
                "{\"overall\": 3.0, \"summary\": \"ok\", \"unixReviewTime\": 400}",
                "{\"overall\": 1.0, \"reviewText\": \"Broke, fast\", \"unixReviewTime\": 350}") + "\n");

        Corpus c = ReviewCorpus.read(file);

        assertThat(c.reviews()).containsExactly(
                new Review("love   it", 4, Sentiment.POSITIVE, 100),
                new Review("Broke fast.", 2, Sentiment.NEGATIVE, 300));
        assertThat(c.lines()).isEqualTo(5);
        assertThat(c.emptyTexts()).isEqualTo(1);
        assertThat(c.duplicates()).isEqualTo(2);
        assertThat(c.conflicts()).isZero();
        assertThat(c.classCounts()).containsExactly(1, 0, 1);
    }

    @Test
    void shouldCountTextsWhoseRepeatsFallInDifferentClasses() throws Exception {
        Path file = dir.resolve("r.json");
        Files.writeString(file, "{\"overall\": 5, \"reviewText\": \"fine\", \"unixReviewTime\": 2}\n"
                + "{\"overall\": 3, \"reviewText\": \"Fine.\", \"unixReviewTime\": 1}\n");

        Corpus c = ReviewCorpus.read(file);

        assertThat(c.reviews()).containsExactly(new Review("Fine.", 3, Sentiment.NEUTRAL, 1));
        assertThat(c.conflicts()).isEqualTo(1);
    }

    @Test
    void shouldNameFileAndLineOfALineThatIsNoReview() throws Exception {
        Path file = dir.resolve("r.json");
        Files.writeString(file, "{\"overall\": 5, \"reviewText\": \"a\", \"unixReviewTime\": 1}\n{\"overall\": 6, "
                + "\"unixReviewTime\": 1}\n");

        assertThatThrownBy(() -> ReviewCorpus.read(file)).isInstanceOf(IOException.class)
                .hasMessage(file + " line 2: 'overall' must be a whole number 1..5, got 6");
    }
}
