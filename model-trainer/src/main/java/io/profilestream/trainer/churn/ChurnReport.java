package io.profilestream.trainer.churn;

import io.profilestream.model.serde.Json;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code churn} prints and writes: the split, the base rates and each scorer's ranking
 * metrics on the test users.
 *
 * @param run  run facts (input, cutoffs, horizon, exclusions, model version), in print order
 * @param sets the train and test sets' sizes
 * @param rows one per scorer, model first
 */
public record ChurnReport(Map<String, Object> run, List<SetRow> sets, List<Row> rows) {

    /**
     * One data set.
     *
     * @param name     train or test
     * @param cutoff   the instant its profiles are taken at (ISO-8601)
     * @param users    users active by the cutoff
     * @param churned  of which did not return within the horizon
     * @param baseRate churned / users
     */
    public record SetRow(String name, String cutoff, int users, long churned, double baseRate) {
    }

    /**
     * One scorer on the test users.
     *
     * @param scorer name
     * @param rocAuc ROC-AUC (ties count half)
     * @param prAuc  average precision
     */
    public record Row(String scorer, double rocAuc, double prAuc) {
    }

    /** Plain-text table. */
    public String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-6s %-22s %6s %8s %9s%n", "set", "cutoff", "users", "churned", "base rate"));
        for (SetRow s : sets) {
            b.append(String.format(Locale.ROOT, "%-6s %-22s %6d %8d %9.4f%n", s.name(), s.cutoff(), s.users(),
                    s.churned(), s.baseRate()));
        }
        b.append('\n');
        b.append(String.format(Locale.ROOT, "%-26s %8s %8s%n", "scorer (test users)", "ROC-AUC", "PR-AUC"));
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "%-26s %8.4f %8.4f%n", r.scorer(), r.rocAuc(), r.prAuc()));
        }
        return b.toString();
    }

    /** The report as pretty JSON. */
    public String json() {
        Map<String, Object> out = new LinkedHashMap<>(run);
        out.put("sets", sets);
        out.put("results", rows);
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(out);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
