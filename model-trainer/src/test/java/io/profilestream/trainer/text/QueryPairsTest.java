package io.profilestream.trainer.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.profilestream.ml.text.QueryCategoryModel;
import io.profilestream.model.event.EventType;
import io.profilestream.model.event.RawEvent;
import io.profilestream.trainer.text.QueryEvaluation.Scores;
import io.profilestream.trainer.text.QueryPairs.QueryView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryPairsTest {

    private static final Instant T0 = Instant.parse("2026-01-05T08:00:00Z");
    private static final String SHOES = "apparel.shoes";
    private static final String JACKET = "apparel.jacket";
    private static final String TV = "electronics.video.tv";
    private static final String PHONE = "electronics.smartphone";

    private static int ids;

    private static RawEvent event(String session, long seconds, EventType type, String category, String query) {
        return new RawEvent(1, "e" + ids++, "u-" + session, session, type, type == EventType.SEARCH ? null : "p1", category,
                null, null, null, null, query, null, null, T0.plusSeconds(seconds), null, null);
    }

    /** Four literal sessions; see the comments for which searches pair with a view. */
    static List<RawEvent> sessions() {
        List<RawEvent> e = new ArrayList<>();
        // s1: both searches pair; the cart event between "jacket" and its view is skipped
        e.add(event("s1", 0, EventType.SEARCH, null, "running shoes"));
        e.add(event("s1", 10, EventType.VIEW, SHOES, null));
        e.add(event("s1", 20, EventType.VIEW, JACKET, null));
        e.add(event("s1", 30, EventType.SEARCH, null, "Jacket"));
        e.add(event("s1", 40, EventType.ADD_TO_CART, JACKET, null));
        e.add(event("s1", 50, EventType.VIEW, JACKET, null));
        // s2: "shoes" is answered by nothing (a newer search comes first), "tv" by the view; listed out of time order
        e.add(event("s2", 2, EventType.VIEW, TV, null));
        e.add(event("s2", 0, EventType.SEARCH, null, "shoes"));
        e.add(event("s2", 1, EventType.SEARCH, null, "tv"));
        // s3: the view comes 20 minutes later, outside the 10-minute gap
        e.add(event("s3", 0, EventType.SEARCH, null, "tv"));
        e.add(event("s3", 1200, EventType.VIEW, TV, null));
        // s4: the view is the 4th event after the search, beyond 3 events
        e.add(event("s4", 0, EventType.SEARCH, null, "phone"));
        e.add(event("s4", 1, EventType.ADD_TO_CART, PHONE, null));
        e.add(event("s4", 2, EventType.REMOVE_FROM_CART, PHONE, null));
        e.add(event("s4", 3, EventType.ADD_TO_CART, PHONE, null));
        e.add(event("s4", 4, EventType.VIEW, PHONE, null));
        return e;
    }

    @Test
    void shouldPairEachSearchWithTheFirstFollowingViewOfItsSessionWithinEventsAndGap() {
        List<QueryView> pairs = QueryPairs.extract(sessions(), 3, Duration.ofMinutes(10));

        long t0 = T0.toEpochMilli();
        assertThat(pairs).containsExactly(
                new QueryView("s1", "running shoes", SHOES, t0, null),
                new QueryView("s1", "Jacket", JACKET, t0 + 30_000, JACKET),
                new QueryView("s2", "tv", TV, t0 + 1_000, null));
    }

    @Test
    void shouldLearnTheExactSmoothedDistributionFromTheSessions() {
        List<RawEvent> events = sessions();
        QueryCategoryModel model = QueryEvaluation.fit(events, QueryPairs.extract(events, 3, Duration.ofMinutes(10)), 1.0, "t");

        // Views: jacket 2, tv 2, shoes 1, phone 1 -> prior 1/3, 1/3, 1/6, 1/6. "running" and "shoes" each saw one
        // shoes view: p(shoes|t) = (1 + 1/6) / 2, p(jacket|t) = p(tv|t) = (1/3) / 2, p(phone|t) = (1/6) / 2.
        Map<String, Double> d = model.categories("running shoes");

        assertThat(d.keySet()).containsExactly(SHOES, JACKET, TV, PHONE);
        assertThat(d.get(SHOES)).isCloseTo(7.0 / 12, within(1e-12));
        assertThat(d.get(JACKET)).isCloseTo(1.0 / 6, within(1e-12));
        assertThat(d.get(TV)).isCloseTo(1.0 / 6, within(1e-12));
        assertThat(d.get(PHONE)).isCloseTo(1.0 / 12, within(1e-12));
        assertThat(model.categories("phone")).isEmpty();
        assertThat(model.prior().keySet()).containsExactly(JACKET, TV, SHOES, PHONE);
    }

    @Test
    void shouldScoreModelAndBaselinesOnTheSameHeldOutQueries() {
        List<RawEvent> events = sessions();
        QueryCategoryModel model = QueryEvaluation.fit(events, QueryPairs.extract(events, 3, Duration.ofMinutes(10)), 1.0, "t");
        List<QueryView> test = List.of(
                new QueryView("x", "tv", TV, 0, null),
                new QueryView("y", "shoes", SHOES, 0, SHOES),
                new QueryView("z", "socks", JACKET, 0, JACKET));

        Map<String, Scores> scores = QueryEvaluation.evaluate(model, test);

        // popularity [jacket, tv, shoes, phone]: ranks 2, 3, 1
        assertThat(scores.get("popularity")).isEqualTo(new Scores(1.0 / 3, 1.0, (0.5 + 1.0 / 3 + 1) / 3, 3));
        // last viewed, else popularity: ranks 2, 1, 1
        assertThat(scores.get("last-viewed")).isEqualTo(new Scores(2.0 / 3, 1.0, (0.5 + 1 + 1) / 3, 3));
        // tokens: tv -> tv, shoes -> shoes, socks unknown -> popularity puts jacket first
        assertThat(scores.get("query-tokens")).isEqualTo(new Scores(1.0, 1.0, 1.0, 3));
        assertThat(QueryEvaluation.coverage(model, test)).isEqualTo(2.0 / 3);
    }

    @Test
    void shouldSplitWholeSessionsByStartTime() {
        List<RawEvent> events = new ArrayList<>();
        events.add(event("late", 100, EventType.VIEW, TV, null));
        events.add(event("early", 0, EventType.VIEW, TV, null));
        events.add(event("early", 200, EventType.VIEW, SHOES, null));
        events.add(event("middle", 50, EventType.VIEW, JACKET, null));

        QueryEvaluation.Split split = QueryEvaluation.byTime(events, 0.3);

        assertThat(split.train()).extracting(RawEvent::sessionId).containsExactly("early", "early", "middle");
        assertThat(split.test()).extracting(RawEvent::sessionId).containsExactly("late");
    }
}
