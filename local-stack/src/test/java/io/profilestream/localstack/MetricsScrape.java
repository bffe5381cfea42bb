package io.profilestream.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.localstack.fleet.ServiceSpec;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads metric series names out of Prometheus text scrapes and out of the PromQL of the Grafana
 * dashboard, so LocalFleetIT can check that every series the dashboard queries is really exported
 * by a running service (the deployment module's tests can only check names against a list).
 */
final class MetricsScrape {

    /** A metric selector in PromQL: a name directly followed by its label matchers. */
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{");
    private static final Pattern EXPR = Pattern.compile("\"expr\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** The dashboard whose queries are checked, relative to the repository root. */
    static final String DASHBOARD = "grafana/profilestream-dashboard.json";
    /** Each stage that must report its part of the event-to-recommendation latency. */
    private static final String[] STAGES = {"privacy-filter", "profile-updater", "recommender"};

    private MetricsScrape() {
    }

    /**
     * Scrapes every service's {@code /actuator/prometheus} and checks that each series the Grafana
     * dashboard queries is exported by at least one of them, and that every pipeline stage reports
     * its latency.
     */
    static void assertDashboardSeriesExported(FleetClient client, Path home) throws IOException, InterruptedException {
        Set<String> exported = new TreeSet<>();
        StringBuilder all = new StringBuilder();
        for (String module : ServiceSpec.FLEET.stream().map(ServiceSpec::module).toList()) {
            HttpResponse<String> scrape = client.get(client.actuatorUrl(module, "prometheus"));
            assertThat(scrape.statusCode()).as(module).isEqualTo(200);
            exported.addAll(seriesNames(scrape.body()));
            all.append(scrape.body());
        }
        Set<String> queried = dashboardMetrics(home.resolve(DASHBOARD));
        assertThat(queried).as("series the dashboard queries").hasSizeGreaterThanOrEqualTo(10);
        assertThat(exported).as("series exported by the fleet").containsAll(queried);
        for (String stage : STAGES) {
            assertThat(all.toString()).as("latency of stage " + stage)
                    .containsPattern("profilestream_pipeline_latency_seconds_count\\{[^}]*stage=\"" + stage + "\"");
        }
    }

    /** The series names of a Prometheus text-format scrape (comment lines skipped). */
    static Set<String> seriesNames(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                end++;
            }
            names.add(line.substring(0, end));
        }
        return names;
    }

    /** The metric names selected by every {@code expr} of a Grafana dashboard JSON file. */
    static Set<String> dashboardMetrics(Path dashboard) throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher expr = EXPR.matcher(Files.readString(dashboard));
        while (expr.find()) {
            Matcher selector = SELECTOR.matcher(expr.group(1));
            while (selector.find()) {
                names.add(selector.group(1));
            }
        }
        return names;
    }
}
