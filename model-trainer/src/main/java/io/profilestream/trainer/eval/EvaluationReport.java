package io.profilestream.trainer.eval;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.profilestream.model.serde.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Results of one evaluation run: a text table and a JSON document. */
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

    /** @param run facts about the run (files, sizes), written into the JSON as they are */
    public EvaluationReport(Map<String, Object> run) {
        this.run = run;
    }

    /** Adds a scorer's result. */
    public void add(Row row) {
        rows.add(row);
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
        return sb.toString();
    }

    /** {@code {"run": {...}, "results": [{"scorer", "predictions", "seconds", "metrics": {...}}]}}. */
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
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
