package io.profilestream.ml.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.profilestream.ml.artifact.ModelArtifactException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueryCategoryModelTest {

    @TempDir
    Path dir;

    /** Views a ×3, b ×1 (prior 3/4, 1/4); "red shoes" → a twice, "blue" → b once; α = 1. */
    private static QueryCategoryModel model() {
        return QueryCategoryModel.builder()
                .addView("a").addView("a").addView("a").addView("b")
                .addQueryView("red shoes", "a").addQueryView("Red shoes!", "a").addQueryView("blue", "b")
                .build(1.0, "v1");
    }

    @Test
    void shouldSmoothEachTokenTowardsThePrior() {
        Map<String, Double> shoes = model().categories("shoes");

        // (2 + 1 * 3/4) / (2 + 1) and (0 + 1 * 1/4) / (2 + 1)
        assertThat(shoes.keySet()).containsExactly("a", "b");
        assertThat(shoes.get("a")).isCloseTo(11.0 / 12, within(1e-12));
        assertThat(shoes.get("b")).isCloseTo(1.0 / 12, within(1e-12));
    }

    @Test
    void shouldAverageTheDistributionsOfTheKnownDistinctTokens() {
        // red: a 11/12, b 1/12; blue: a (0 + 3/4) / 2 = 3/8, b (1 + 1/4) / 2 = 5/8; "green" unknown, "red" once.
        Map<String, Double> q = model().categories("red blue green red");

        assertThat(q.keySet()).containsExactly("a", "b");
        assertThat(q.get("a")).isCloseTo((11.0 / 12 + 3.0 / 8) / 2, within(1e-12));
        assertThat(q.get("b")).isCloseTo((1.0 / 12 + 5.0 / 8) / 2, within(1e-12));
    }

    @Test
    void shouldOrderByWeightSoTheStrongestCategoryComesFirst() {
        assertThat(model().categories("blue").keySet()).containsExactly("b", "a");
    }

    @Test
    void shouldReturnNothingForAQueryWithoutKnownTokens() {
        assertThat(model().categories("green socks")).isEmpty();
        assertThat(model().categories(null)).isEmpty();
    }

    @Test
    void shouldGiveThePriorInPopularityOrder() {
        assertThat(model().prior()).containsExactly(Map.entry("a", 0.75), Map.entry("b", 0.25));
    }

    @Test
    void shouldRefuseAQueryViewOfACategoryNeverViewed() {
        assertThatThrownBy(() -> QueryCategoryModel.builder().addView("a").addQueryView("x", "z").build(1, "v"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("token 'x' counts category 'z' that has no prior");
    }

    @Test
    void shouldServeTheSameDistributionsAfterSaveAndLoad() throws Exception {
        model().save(dir, Map.of("accuracy@1", 0.5));

        QueryInterests loaded = QueryInterests.load(dir);

        assertThat(loaded.version()).isEqualTo("v1");
        assertThat(loaded.categories("red blue")).isEqualTo(model().categories("red blue"));
        assertThat(loaded.categories("red blue").keySet()).containsExactly("a", "b");
    }

    @Test
    void shouldRefuseToOverwriteAModel() throws Exception {
        model().save(dir, Map.of());

        assertThatThrownBy(() -> model().save(dir, Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(dir.resolve(QueryCategoryModel.FILE) + " exists already; give a new directory");
    }

    @Test
    void shouldRefuseAModelOfAnotherTokenizerVersion() throws Exception {
        Path file = model().save(dir, Map.of());
        Files.writeString(file, Files.readString(file).replace("\"tokenizerVersion\" : 1", "\"tokenizerVersion\" : 99"));

        assertThatThrownBy(() -> QueryInterests.load(dir)).isInstanceOf(ModelArtifactException.class)
                .hasMessage("query-interests.json: trained with tokenizer version 99 but this build tokenizes with version 1;"
                        + " retrain the model");
    }

    @Test
    void shouldNameTheMissingFileOfADirectoryThatIsNoModel() {
        assertThatThrownBy(() -> QueryInterests.load(dir)).isInstanceOf(ModelArtifactException.class)
                .hasMessage(dir.resolve(QueryCategoryModel.FILE) + ": no such file (not a query-interests model directory)");
    }
}
