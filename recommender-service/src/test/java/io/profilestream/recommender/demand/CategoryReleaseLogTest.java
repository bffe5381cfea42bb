package io.profilestream.recommender.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.profilestream.model.dp.DpReleaser;
import io.profilestream.model.dp.InMemoryPrivacyBudgetLedger;
import io.profilestream.model.dp.PrivacyNote;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Released category hours on disk: read back after a restart, old and damaged lines handled. */
class CategoryReleaseLogTest {

    static final Instant H10 = Instant.parse("2025-03-15T10:00:00Z");
    static final Instant H11 = Instant.parse("2025-03-15T11:00:00Z");
    static final PrivacyNote NOTE = new PrivacyNote(0.1, "discrete-laplace", 15, 150.0, 212.1, "dp-1");

    @TempDir
    Path dir;

    static CategoryReleaseLog.HourRelease release(Instant hour, long views) {
        return new CategoryReleaseLog.HourRelease(hour, NOTE, Map.of("phones", new DemandCounts(views, 1, 0),
                "garden", DemandCounts.ZERO));
    }

    @Test
    void shouldKeepTheFileNextToTheLedger() {
        assertThat(CategoryReleaseLog.fileNextTo(Path.of("/var/lib/ps/ledger.jsonl")))
                .isEqualTo(Path.of("/var/lib/ps/ledger.jsonl.demand-releases.jsonl"));
    }

    @Test
    void shouldReadBackTheReleasedHoursAfterARestart() throws IOException {
        Path file = dir.resolve("ledger.jsonl.demand-releases.jsonl");
        try (CategoryReleaseLog log = CategoryReleaseLog.open(file, H10)) {
            log.add(release(H10, 7));
            log.add(release(H11, 9));
        }

        try (CategoryReleaseLog reopened = CategoryReleaseLog.open(file, H10)) {
            assertThat(reopened.between(H10, H11.plusSeconds(3600))).containsExactly(
                    Map.entry(H10, release(H10, 7)), Map.entry(H11, release(H11, 9)));
        }
        assertThat(Files.readAllLines(file).get(0)).isEqualTo("{\"hour\":\"2025-03-15T10:00:00Z\",\"note\":"
                + "{\"epsilon\":0.1,\"mechanism\":\"discrete-laplace\",\"sensitivity\":15,\"noiseScale\":150.0,"
                + "\"noiseStandardDeviation\":212.1,\"receiptId\":\"dp-1\"},\"cells\":{\"garden\":{\"views\":0,"
                + "\"addToCarts\":0,\"units\":0},\"phones\":{\"views\":7,\"addToCarts\":1,\"units\":0}}}");
    }

    @Test
    void shouldDropHoursOlderThanTheHistoryWhenOpened() throws IOException {
        Path file = dir.resolve("releases.jsonl");
        try (CategoryReleaseLog log = CategoryReleaseLog.open(file, H10)) {
            log.add(release(H10, 7));
            log.add(release(H11, 9));
        }

        try (CategoryReleaseLog reopened = CategoryReleaseLog.open(file, H11)) {
            assertThat(reopened.size()).isEqualTo(1);
            assertThat(reopened.isReleased(H10)).isFalse();
        }
        assertThat(Files.readAllLines(file)).hasSize(1);
    }

    @Test
    void shouldRewriteTheFileOnceItHoldsADayMoreThanKept() throws IOException {
        Path file = dir.resolve("releases.jsonl");
        try (CategoryReleaseLog log = CategoryReleaseLog.open(file, H10)) {
            for (int i = 0; i < 30; i++) {
                log.add(release(H10.plus(Duration.ofHours(i)), i));
            }
            log.forgetBefore(H10.plus(Duration.ofHours(5)));
            assertThat(Files.readAllLines(file)).hasSize(30);

            // 30 lines for 2 hours kept: more than a day (24 lines) too many.
            log.forgetBefore(H10.plus(Duration.ofHours(28)));
            assertThat(Files.readAllLines(file)).hasSize(2);
            log.add(release(H10.plus(Duration.ofHours(30)), 30));
        }
        try (CategoryReleaseLog reopened = CategoryReleaseLog.open(file, H10)) {
            assertThat(reopened.size()).isEqualTo(3);
        }
    }

    @Test
    void shouldDropALastLineCutShortByACrash() throws IOException {
        Path file = dir.resolve("releases.jsonl");
        try (CategoryReleaseLog log = CategoryReleaseLog.open(file, H10)) {
            log.add(release(H10, 7));
        }
        Files.writeString(file, "{\"hour\":\"2025-03-15T11:00:00Z\",\"no", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);

        try (CategoryReleaseLog reopened = CategoryReleaseLog.open(file, H10)) {
            assertThat(reopened.between(H10, H11.plusSeconds(3600))).containsOnlyKeys(H10);
            reopened.add(release(H11, 9));
        }
        try (CategoryReleaseLog again = CategoryReleaseLog.open(file, H10)) {
            assertThat(again.between(H10, H11.plusSeconds(3600))).containsOnlyKeys(H10, H11);
        }
    }

    @Test
    void shouldRefuseAFileWithAnUnreadableLineBeforeTheLast() throws IOException {
        Path file = dir.resolve("releases.jsonl");
        Files.writeString(file, "not json\n{\"hour\":\"2025-03-15T11:00:00Z\"}\n");

        assertThatThrownBy(() -> CategoryReleaseLog.open(file, H10))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("line 1 of the released demand hours file " + file.toAbsolutePath()
                        + " is unreadable (");
    }

    @Test
    void shouldServeTheSameNumbersAfterARestartWithoutChargingAgain() throws IOException {
        Path file = dir.resolve("releases.jsonl");
        Clock clock = Clock.fixed(Instant.parse("2025-03-15T12:34:56Z"), ZoneOffset.UTC);
        DemandSettings settings = CategoryReleaseScheduleTest.SETTINGS;
        InMemoryDemandQueries queries = new InMemoryDemandQueries();
        queries.put(DemandKind.CATEGORY, "phones", H10, new DemandCounts(70, 30, 10));
        DemandResponse before;
        try (CategoryReleaseLog log = CategoryReleaseLog.open(file, H10)) {
            InMemoryPrivacyBudgetLedger ledger = new InMemoryPrivacyBudgetLedger(2.4, Duration.ofDays(1), clock);
            new CategoryReleaseSchedule(queries, () -> Set.of("phones", "garden"), log,
                    new DpReleaser(ledger, new Random(42)), settings, 0.1, Instant.parse("2025-03-15T09:10:00Z"))
                    .releaseDue(clock.instant());
            assertThat(ledger.entries()).hasSize(2);
            before = answer(queries, log, settings, clock);
        }

        InMemoryPrivacyBudgetLedger restartedLedger = new InMemoryPrivacyBudgetLedger(2.4, Duration.ofDays(1), clock);
        try (CategoryReleaseLog restarted = CategoryReleaseLog.open(file, H10.minus(Duration.ofDays(2)))) {
            CategoryReleaseSchedule.Run run = new CategoryReleaseSchedule(queries, () -> Set.of("phones", "garden"),
                    restarted, new DpReleaser(restartedLedger, new Random(1)), settings, 0.1,
                    Instant.parse("2025-03-15T12:30:00Z")).releaseDue(clock.instant());

            assertThat(run.released()).isEmpty();
            assertThat(restartedLedger.entries()).isEmpty();
            DemandResponse after = answer(queries, restarted, settings, clock);
            assertThat(after).isEqualTo(before);
            assertThat(after.history()).extracting(DemandResponse.Hour::hour)
                    .containsExactly(Instant.parse("2025-03-15T09:00:00Z"), H10);
            assertThat(after.privacy().releases()).extracting(PrivacyNote::receiptId).containsExactly("dp-1", "dp-2");
        }
    }

    static DemandResponse answer(InMemoryDemandQueries queries, CategoryReleaseLog log, DemandSettings settings,
                                 Clock clock) {
        DemandService service = new DemandService(queries, DemandReleases.exact(settings), settings, clock,
                (kind, id) -> true, log);
        return ((DemandService.Outcome.Answered) service.demand(DemandKind.CATEGORY, "phones", 3)).response();
    }

}
