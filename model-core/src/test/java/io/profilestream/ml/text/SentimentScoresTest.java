package io.profilestream.ml.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SentimentScoresTest {

    @Test
    void shouldMapStarsToThreeClasses() {
        assertThat(IntStream.rangeClosed(1, 5).mapToObj(Sentiment::ofStars).toList()).containsExactly(Sentiment.NEGATIVE,
                Sentiment.NEGATIVE, Sentiment.NEUTRAL, Sentiment.POSITIVE, Sentiment.POSITIVE);
        assertThatThrownBy(() -> Sentiment.ofStars(0)).hasMessage("a star rating is 1..5, got 0");
    }

    @Test
    void shouldPickTheMostProbableClassAndTheEarlierOneOnATie() {
        assertThat(new SentimentScores(0.2, 0.5, 0.3).label()).isEqualTo(Sentiment.NEUTRAL);
        assertThat(new SentimentScores(0.4, 0.2, 0.4).label()).isEqualTo(Sentiment.NEGATIVE);
        assertThat(new SentimentScores(0.25, 0.25, 0.5).polarity()).isEqualTo(0.25);
    }
}
