package io.profilestream.model.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.profilestream.model.event.EventType;
import io.profilestream.model.serde.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextSignalsTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final Duration DAY = Duration.ofDays(1);

    /** A profile as written before {@code text} existed: no such field. */
    private static final String OLD_PROFILE = """
            {"userKey":"u1","eventCount":2,"counts":{"view":1,"search":1},
             "categoryAffinity":{"asOf":"2025-03-01T10:00:00Z","scores":{"shoes":1.0}},
             "brandAffinity":{"scores":{}},"priceBand":{"count":0,"meanLog":0.0,"m2Log":0.0},
             "rfm":{"purchases":0,"unitsBought":0,"spend":{}},"sessionCount":1,
             "recentItems":["i1"],"purchasedItems":[],
             "firstEventTime":"2025-03-01T09:00:00Z","lastEventTime":"2025-03-01T10:00:00Z"}
            """;

    @Test
    void shouldReadAProfileWithoutTextFieldAsEmptySignals() throws Exception {
        UserProfile p = Json.mapper().readValue(OLD_PROFILE, UserProfile.class);

        assertThat(p.text()).isEqualTo(TextSignals.empty());
        assertThat(p.text().reviewsScored()).isZero();
        assertThat(p.text().queryInterests().scores()).isEmpty();
        assertThat(p.count(EventType.SEARCH)).isEqualTo(1);
    }

    @Test
    void shouldWriteNoTextFieldWhileSignalsAreEmpty() throws Exception {
        UserProfile p = Json.mapper().readValue(OLD_PROFILE, UserProfile.class);

        String json = Json.mapper().writeValueAsString(p);

        assertThat(Json.mapper().readTree(json).has("text")).isFalse();
        assertThat(Json.mapper().readValue(json, UserProfile.class)).isEqualTo(p);
    }

    @Test
    void shouldRoundTripNonEmptySignalsExactly() throws Exception {
        TextSignals text = TextSignals.empty().withReview(0.5).withReview(-0.25)
                .withQuery(Map.of("shoes", 0.75, "socks", 0.25), T0, DAY, 50);
        UserProfile p = UserProfile.empty("u1").withText(text);

        String json = Json.mapper().writeValueAsString(p);

        assertThat(Json.mapper().readTree(json).get("text").toString()).isEqualTo(
                "{\"reviewsScored\":2,\"meanPolarity\":0.125,\"queryInterests\":"
                        + "{\"asOf\":\"2025-03-01T10:00:00Z\",\"scores\":{\"shoes\":0.75,\"socks\":0.25}}}");
        assertThat(Json.mapper().readValue(json, UserProfile.class).text()).isEqualTo(text);
    }

    @Test
    void shouldKeepTextSignalsThroughTheOtherCopyMethodsAndConstructors() {
        TextSignals text = TextSignals.empty().withReview(1.0);
        UserProfile p = UserProfile.empty("u1").withText(text);

        assertThat(p.withNeural(null).text()).isEqualTo(text);
        assertThat(new UserProfile("u1", 0, Map.of(), null, null, null, null, 0, null, List.of(), List.of(), null, null,
                null).text()).isEqualTo(TextSignals.empty());
        assertThat(UserProfile.empty("u1").text()).isEqualTo(TextSignals.empty());
    }

    @Test
    void shouldAverageReviewPolarities() {
        TextSignals t = TextSignals.empty().withReview(1.0).withReview(0.0).withReview(-0.25);

        assertThat(t.reviewsScored()).isEqualTo(3);
        assertThat(t.meanPolarity()).isEqualTo(0.25);
    }

    @Test
    void shouldDecayEarlierQueryInterestsWithTheHalfLife() {
        Map<String, Double> shoes = new LinkedHashMap<>();
        shoes.put("shoes", 1.0);
        TextSignals t = TextSignals.empty()
                .withQuery(shoes, T0, DAY, 50)
                .withQuery(Map.of("socks", 0.5, "shoes", 0.5), T0.plus(DAY), DAY, 50);

        assertThat(t.queryInterests().asOf()).isEqualTo(T0.plus(DAY));
        assertThat(t.queryInterests().scores()).isEqualTo(Map.of("shoes", 1.0, "socks", 0.5));
    }

    @Test
    void shouldLeaveSignalsUnchangedForAnUnknownQuery() {
        TextSignals t = TextSignals.empty().withReview(0.5);

        assertThat(t.withQuery(Map.of(), T0, DAY, 50)).isSameAs(t);
    }

    @Test
    void shouldRefuseAPolarityOutsideMinusOneToOne() {
        assertThatThrownBy(() -> TextSignals.empty().withReview(1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("polarity must be in [-1, 1], got 1.5");
        assertThatThrownBy(() -> TextSignals.empty().withReview(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
