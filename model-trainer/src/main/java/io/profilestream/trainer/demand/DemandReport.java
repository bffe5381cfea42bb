package io.profilestream.trainer.demand;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.profilestream.model.serde.Json;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code demand} command's results: a text table of the aggregates and a JSON document with
 * the aggregates and every series' scores.
 *
 * @param run        facts about the run (file, range, split, measure), written into the JSON as they are
 * @param baseline   the method wins are counted against
 * @param aggregates per level and method
 * @param series     per series
 */
public record DemandReport(Map<String, Object> run, String baseline, List<DemandEvaluation.Aggregate> aggregates,
                           List<DemandEvaluation.SeriesResult> series) {

    /** One line per level and method; MASE and sMAPE as mean and median over the level's series. */
    public String table() {
        int width = Math.max(6, aggregates.stream().mapToInt(a -> a.method().length()).max().orElse(0));
        String beats = "beats " + shortName(baseline);
        String format = "%-8s %-" + width + "s %6s %9s %11s %10s %12s %" + beats.length() + "s %8s%n";
        String row = "%-8s %-" + width + "s %6d %9.4f %11.4f %10.2f %12.2f %" + beats.length() + "s %8d%n";
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, format, "level", "method", "series", "MASE mean", "MASE median",
                "sMAPE mean", "sMAPE median", beats, "fallback"));
        for (DemandEvaluation.Aggregate a : aggregates) {
            sb.append(String.format(Locale.ROOT, row, a.level(), a.method(), a.series(), a.maseMean(), a.maseMedian(),
                    a.smapeMean(), a.smapeMedian(), a.beatsBaseline() + "/" + a.series(), a.fallbacks()));
        }
        return sb.toString();
    }

    private static String shortName(String method) {
        int paren = method.indexOf('(');
        return paren < 0 ? method : method.substring(0, paren);
    }

    /** {@code {"run": {...}, "baseline", "aggregates": [...], "series": [...]}}; NaN written as null. */
    public String json() {
        ObjectNode root = Json.mapper().createObjectNode();
        root.set("run", Json.mapper().valueToTree(run));
        root.put("baseline", baseline);
        ArrayNode aggregateNodes = root.putArray("aggregates");
        for (DemandEvaluation.Aggregate a : aggregates) {
            ObjectNode o = aggregateNodes.addObject();
            o.put("level", a.level());
            o.put("method", a.method());
            o.put("series", a.series());
            o.put("maseDefined", a.maseDefined());
            number(o, "maseMean", a.maseMean());
            number(o, "maseMedian", a.maseMedian());
            number(o, "smapeMean", a.smapeMean());
            number(o, "smapeMedian", a.smapeMedian());
            o.put("beatsBaseline", a.beatsBaseline());
            o.put("fallbacks", a.fallbacks());
        }
        ArrayNode seriesNodes = root.putArray("series");
        for (DemandEvaluation.SeriesResult r : series) {
            ObjectNode o = seriesNodes.addObject();
            o.put("level", r.level());
            o.put("key", r.key());
            o.put("trainVolume", r.trainVolume());
            o.put("testVolume", r.testVolume());
            ArrayNode scores = o.putArray("scores");
            for (DemandEvaluation.Score s : r.scores()) {
                ObjectNode so = scores.addObject();
                so.put("method", s.method());
                so.put("fitted", s.fitted());
                ObjectNode parameters = so.putObject("parameters");
                s.parameters().forEach((k, v) -> number(parameters, k, v));
                number(so, "mae", s.mae());
                number(so, "mase", s.mase());
                number(so, "smape", s.smape());
            }
        }
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void number(ObjectNode o, String name, double value) {
        if (Double.isFinite(value)) {
            o.put(name, value);
        } else {
            o.putNull(name);
        }
    }
}
