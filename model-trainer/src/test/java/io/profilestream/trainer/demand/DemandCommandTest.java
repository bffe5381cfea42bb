package io.profilestream.trainer.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.profilestream.model.serde.Json;
import io.profilestream.trainer.TrainerCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DemandCommandTest {

    /** 2017-11-25T00:00:00Z. */
    static final long T0 = 1_511_568_000L;
    /** Views of item i1 (category c1) per hour: 2.25 + 0.5 t + (-0.75, +0.75). */
    static final int[] VIEWS = {2, 4, 3, 5, 4, 6, 5, 7};

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = TrainerCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    /** Taobao's format (user, item, category, behaviour, epoch seconds; no header). */
    private Path taobaoFile() throws Exception {
        List<String> rows = new ArrayList<>();
        for (int hour = 0; hour < VIEWS.length; hour++) {
            for (int j = 0; j < VIEWS[hour]; j++) {
                rows.add("u" + j + ",i1,c1,pv," + (T0 + 3600L * hour + 60L * j));
            }
        }
        rows.add("u1,i2,c2,cart," + (T0 + 60));
        rows.add("u1,i3,c3,pv," + (T0 + 3600L * 8));
        rows.add("u1,i4,c4,pv,not-a-time");
        Path file = dir.resolve("UserBehavior.csv");
        Files.write(file, rows);
        return file;
    }

    @Test
    void shouldEvaluateHoltWintersAgainstTheBaselinesAndWriteJson() throws Exception {
        Path json = dir.resolve("demand.json");

        int exit = run("demand", "-i", taobaoFile().toString(), "--preset", "taobao", "--season", "2", "--horizon", "2",
                "--start", "2017-11-25T00:00:00Z", "--end", "2017-11-25T08:00:00Z", "--json", json.toString());

        assertThat(exit).isEqualTo(0);
        assertThat(err.toString()).contains("36 view events counted in 8 steps of PT1H", "1 outside, 1 rejected rows",
                "1 categories, 1 items; fit 6 steps, forecast 2, season 2");
        String[] lines = out.toString().split("\n");
        assertThat(lines[0]).startsWith("level    method").contains("MASE mean", "sMAPE median", "beats seasonal-naive");
        assertThat(lines).hasSize(11);
        assertThat(lines[1]).isEqualTo("category holt-winters(m=2)        1    0.0000      0.0000       0.00         0.00"
                + "                  1/1        0");

        JsonNode root = Json.mapper().readTree(json.toFile());
        assertThat(root.path("baseline").asText()).isEqualTo("seasonal-naive(m=2)");
        assertThat(root.path("run").path("eventsCounted").asLong()).isEqualTo(36);
        assertThat(root.path("run").path("eventsOfOtherTypes").asLong()).isEqualTo(1);
        assertThat(root.path("aggregates")).hasSize(10);
        JsonNode seasonalNaive = root.path("aggregates").get(3);
        assertThat(seasonalNaive.path("method").asText()).isEqualTo("seasonal-naive(m=2)");
        assertThat(seasonalNaive.path("maseMean").asDouble()).isEqualTo(1.0);
        assertThat(seasonalNaive.path("smapeMedian").asDouble()).isCloseTo(100 * (1 / 9.0 + 1 / 13.0), within(1e-12));
        JsonNode item = root.path("series").get(1);
        assertThat(item.path("level").asText()).isEqualTo("item");
        assertThat(item.path("key").asText()).isEqualTo("i1");
        assertThat(item.path("trainVolume").asDouble()).isEqualTo(24.0);
        assertThat(item.path("testVolume").asDouble()).isEqualTo(12.0);
        assertThat(item.path("scores").get(4).path("method").asText()).isEqualTo("naive");
        assertThat(item.path("scores").get(4).path("mae").asDouble()).isEqualTo(1.0);
    }

    @Test
    void shouldForecastWithoutSeasonAgainstNaiveWhenTheSeasonIsZero() throws Exception {
        int exit = run("demand", "-i", taobaoFile().toString(), "--preset", "taobao", "--season", "0", "--horizon", "2",
                "--start", "2017-11-25T00:00:00Z", "--end", "2017-11-25T08:00:00Z", "--top-items", "0");

        assertThat(exit).isEqualTo(0);
        String[] lines = out.toString().split("\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).contains("beats naive");
        assertThat(lines[1]).startsWith("category holt ");
        assertThat(lines[3]).startsWith("category naive ").endsWith("0/1        0");
    }

    @Test
    void shouldExitTwoOnAnUnknownMeasure() throws Exception {
        assertThat(run("demand", "-i", taobaoFile().toString(), "--preset", "taobao", "--measure", "clicks"))
                .isEqualTo(2);

        assertThat(err.toString()).startsWith("--measure must be one of [add_to_cart, all, purchase, view], got 'clicks'");
    }

    @Test
    void shouldExitTwoWhenTheRangeIsTooShortForTheHorizon() throws Exception {
        assertThat(run("demand", "-i", taobaoFile().toString(), "--preset", "taobao", "--season", "0", "--horizon", "8",
                "--start", "2017-11-25T00:00:00Z", "--end", "2017-11-25T08:00:00Z")).isEqualTo(2);

        assertThat(err.toString()).startsWith("the range 2017-11-25T00:00:00Z..2017-11-25T08:00:00Z has 8 steps: "
                + "too few to fit more than 1 and forecast 8");
    }
}
