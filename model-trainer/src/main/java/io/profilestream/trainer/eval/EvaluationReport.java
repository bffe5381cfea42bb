package io.profilestream.trainer.eval;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.profilestream.model.serde.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Results of one evaluation run: a text table and a JSON document, and optionally every scorer's
 * Recall@K and MRR@K as a ratio to a reference scorer with a paired-bootstrap interval
 * ({@link PairedBootstrap}).
 */
public final class EvaluationReport {

    /**
     * One scorer's result.
     *
     * @param scorer  scorer name
     * @param metrics its metrics
     * @param seconds wall time of its evaluation (informative only)
     */
    public record Row(String scorer, Metrics metrics, double seconds) {
    }

    private final Map<String, Object> run;
    private final List<Row> rows = new ArrayList<>();
    private final List<PairedBootstrap.Comparison> comparisons = new ArrayList<>();

    /** @param run facts about the run (files, sizes), written into the JSON as they are */
    public EvaluationReport(Map<String, Object> run) {
        this.run = run;
    }

    /** Adds a scorer's result. */
    public void add(Row row) {
        rows.add(row);
    }

    /**
     * Compares every other scorer with {@code reference} at cutoff {@code k}, replacing any earlier
     * comparison; a no-op when no row has that name (e.g. the reference baseline was not run).
     *
     * @return true when the reference was found
     */
    public boolean compareWith(String reference, PairedBootstrap bootstrap, int k) {
        Row base = rows.stream().filter(r -> r.scorer().equals(reference)).findFirst().orElse(null);
        if (base == null) {
            return false;
        }
        comparisons.clear();
        for (Row r : rows) {
            if (r != base) {
                comparisons.add(bootstrap.compare(r.scorer(), r.metrics(), reference, base.metrics(), k));
            }
        }
        return true;
    }

    /** The comparisons made by {@link #compareWith}, in row order. */
    public List<PairedBootstrap.Comparison> comparisons() {
        return List.copyOf(comparisons);
    }

    /** Rows in evaluation order. */
    public List<Row> rows() {
        return List.copyOf(rows);
    }

    /** A fixed-width table: one line per scorer, one column per metric. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        if (rows.isEmpty()) {
            return "(no scorers)\n";
        }
        List<String> names = new ArrayList<>(rows.get(0).metrics().asMap().keySet());
        int width = Math.max(8, rows.stream().mapToInt(r -> r.scorer().length()).max().orElse(0));
        sb.append(String.format(Locale.ROOT, "%-" + width + "s", "scorer"));
        names.forEach(n -> sb.append(String.format(Locale.ROOT, " %9s", n)));
        sb.append('\n');
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%-" + width + "s", r.scorer()));
            r.metrics().asMap().values().forEach(v -> sb.append(String.format(Locale.ROOT, " %9.4f", v)));
            sb.append('\n');
        }
        if (!comparisons.isEmpty()) {
            PairedBootstrap.Comparison first = comparisons.get(0);
            sb.append(String.format(Locale.ROOT, "%nratio to %s, 95 %% interval (paired bootstrap over %d test %s, %d resamples)%n",
                    first.reference(), first.units(), first.unit(), first.resamples()));
            String recall = "Recall@" + first.k();
            String mrr = "MRR@" + first.k();
            sb.append(String.format(Locale.ROOT, "%-" + width + "s %24s %24s%n", "scorer", recall, mrr));
            for (PairedBootstrap.Comparison c : comparisons) {
                sb.append(String.format(Locale.ROOT, "%-" + width + "s %24s %24s%n", c.scorer(),
                        format(c.recallRatio()), format(c.mrrRatio())));
            }
        }
        return sb.toString();
    }

    private static String format(PairedBootstrap.Interval i) {
        if (Double.isNaN(i.estimate()) || Double.isNaN(i.low())) {
            return "n/a (reference: no hit)";
        }
        String interval = String.format(Locale.ROOT, "%.2f [%.2f, %.2f]", i.estimate(), i.low(), i.high());
        // Resamples without a reference hit have no ratio: the interval is over the others only.
        return i.undefinedResamples() == 0 ? interval : interval + " (" + i.undefinedResamples() + " undefined)";
    }

    /**
     * {@code {"run": {...}, "results": [{"scorer", "predictions", "seconds", "metrics": {...}}],
     * "comparisons": [...]}}: the comparisons are the {@link PairedBootstrap.Comparison} records as
     * Jackson writes them ({@code "recallRatio": {"estimate", "low", "high", "undefinedResamples"}}),
     * present only after {@link #compareWith}.
     */
    public String json() {
        ObjectNode root = Json.mapper().createObjectNode();
        root.set("run", Json.mapper().valueToTree(run));
        ArrayNode results = root.putArray("results");
        for (Row r : rows) {
            ObjectNode o = results.addObject();
            o.put("scorer", r.scorer());
            o.put("predictions", r.metrics().predictions());
            o.put("seconds", Math.round(r.seconds() * 1000) / 1000d);
            ObjectNode m = o.putObject("metrics");
            r.metrics().asMap().forEach(m::put);
        }
        if (!comparisons.isEmpty()) {
            root.set("comparisons", Json.mapper().valueToTree(comparisons));
        }
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
