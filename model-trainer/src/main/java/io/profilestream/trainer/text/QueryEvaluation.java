package io.profilestream.trainer.text;

import io.profilestream.ml.text.QueryCategoryModel;
import io.profilestream.model.event.EventType;
import io.profilestream.model.event.RawEvent;
import io.profilestream.trainer.text.QueryPairs.QueryView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Next-view category prediction after a held-out query: each ranker orders every training
 * category; the target is the category of the view that followed the query ({@link QueryPairs}).
 * Accuracy@k is the share of targets in the top k, MRR the mean of 1 / rank (0 for a category the
 * training data never saw).
 */
public final class QueryEvaluation {

    /**
     * Results of one ranker.
     *
     * @param accuracyAt1 share of targets ranked first
     * @param accuracyAt3 share of targets in the top 3
     * @param mrr         mean reciprocal rank
     * @param n           test queries
     */
    public record Scores(double accuracyAt1, double accuracyAt3, double mrr, long n) {
    }

    /**
     * A time split by session.
     *
     * @param train events of the earlier sessions
     * @param test  events of the later sessions
     */
    public record Split(List<RawEvent> train, List<RawEvent> test) {
    }

    private QueryEvaluation() {
    }

    /**
     * Whole sessions by start time: the latest {@code testFraction} of sessions are the test set, so
     * no session is split and every test query comes after all training data began.
     */
    public static Split byTime(List<RawEvent> events, double testFraction) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("test fraction must be in (0, 1), got " + testFraction);
        }
        List<List<RawEvent>> sessions = new ArrayList<>(QueryPairs.sessions(events));
        sessions.sort(Comparator.comparing((List<RawEvent> s) -> s.get(0).timestamp()));
        int cut = sessions.size() - (int) Math.ceil(sessions.size() * testFraction);
        List<RawEvent> train = new ArrayList<>();
        List<RawEvent> test = new ArrayList<>();
        for (int i = 0; i < sessions.size(); i++) {
            (i < cut ? train : test).addAll(sessions.get(i));
        }
        return new Split(train, test);
    }

    /** The model fitted on {@code events}: every view feeds the prior, every pair the token counts. */
    public static QueryCategoryModel fit(List<RawEvent> events, List<QueryView> pairs, double smoothing, String version) {
        QueryCategoryModel.Builder b = QueryCategoryModel.builder();
        for (RawEvent e : events) {
            if (e.type() == EventType.VIEW && e.category() != null) {
                b.addView(e.category());
            }
        }
        pairs.forEach(p -> b.addQueryView(p.query(), p.category()));
        return b.build(smoothing, version);
    }

    /**
     * Evaluates, in the same run: {@code popularity} (most viewed training categories),
     * {@code last-viewed} (the session's last viewed category before the query, then popularity) and
     * {@code query-tokens} (the model, then popularity for the categories it does not rank).
     */
    public static Map<String, Scores> evaluate(QueryCategoryModel model, List<QueryView> test) {
        List<String> popularity = new ArrayList<>(model.prior().keySet());
        Map<String, Function<QueryView, List<String>>> rankers = new LinkedHashMap<>();
        rankers.put("popularity", q -> popularity);
        rankers.put("last-viewed", q -> complete(q.previousCategory() == null ? List.of() : List.of(q.previousCategory()),
                popularity));
        rankers.put("query-tokens", q -> complete(model.categories(q.query()).keySet(), popularity));
        Map<String, Scores> out = new LinkedHashMap<>();
        rankers.forEach((name, ranker) -> out.put(name, score(ranker, test)));
        return out;
    }

    /** Share of test queries with at least one token the model knows. */
    public static double coverage(QueryCategoryModel model, List<QueryView> test) {
        return test.isEmpty() ? 0 : test.stream().filter(q -> !model.categories(q.query()).isEmpty()).count() / (double) test.size();
    }

    static List<String> complete(java.util.Collection<String> first, List<String> rest) {
        Set<String> out = new LinkedHashSet<>(first);
        out.addAll(rest);
        return new ArrayList<>(out);
    }

    static Scores score(Function<QueryView, List<String>> ranker, List<QueryView> test) {
        long at1 = 0;
        long at3 = 0;
        double rr = 0;
        for (QueryView q : test) {
            int rank = ranker.apply(q).indexOf(q.category()) + 1;
            if (rank == 1) {
                at1++;
            }
            if (rank >= 1 && rank <= 3) {
                at3++;
            }
            rr += rank >= 1 ? 1.0 / rank : 0;
        }
        double n = Math.max(1, test.size());
        return new Scores(at1 / n, at3 / n, rr / n, test.size());
    }
}
