package io.profilestream.profileupdater.text;

import io.profilestream.ml.text.QueryCategoryModel;
import io.profilestream.ml.text.SentimentModel;
import io.profilestream.ml.text.SentimentScores;
import java.util.Map;

/** Tiny literal text models for the text-signal tests. */
public final class TestTextModels {

    private TestTextModels() {
    }

    /**
     * The real {@link QueryCategoryModel} built from literal counts, without smoothing so every
     * weight is exact: "running" is followed once by shoes and once by socks (0.5 / 0.5), "shoes"
     * only by shoes, "socks" and "wool" only by socks. So "running shoes" gives shoes 0.75 and
     * socks 0.25 (the mean of its two tokens) and "running" gives 0.5 / 0.5.
     */
    public static QueryCategoryModel queries() {
        return QueryCategoryModel.builder()
                .addView("shoes").addView("socks")
                .addQueryView("running shoes", "shoes")
                .addQueryView("running socks", "socks")
                .addQueryView("wool socks", "socks")
                .build(0.0, "queries-test-1");
    }

    /**
     * Fixed scores per literal text behind the sentiment interface, NOT the model: the DL4J model is
     * tested in model-core (training, scoring, artifact round trip) and loaded into this service in
     * {@code TextConfigurationTest}; here only what the profile does with a score matters, so fixed
     * scores keep the expected values exact.
     * "great fit" has polarity 0.5, "too small" -0.75, any other text 0.
     */
    public static SentimentModel sentiment() {
        Map<String, SentimentScores> scores = Map.of(
                "great fit", new SentimentScores(0.125, 0.25, 0.625),
                "too small", new SentimentScores(0.75, 0.25, 0.0));
        return new SentimentModel() {
            @Override
            public SentimentScores score(String text) {
                return scores.getOrDefault(text, new SentimentScores(0.25, 0.5, 0.25));
            }

            @Override
            public String version() {
                return "sentiment-fixed-scores";
            }
        };
    }
}
