package io.profilestream.model.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilePrivacyBudgetLedgerTest {

    private static final Instant T0 = Instant.parse("2026-11-30T09:00:00Z");
    private static final Duration DAY = Duration.ofDays(1);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);

    private FilePrivacyBudgetLedger open(Path file) throws Exception {
        return FilePrivacyBudgetLedger.open(file, 1.0, DAY, clock);
    }

    @Test
    void shouldWriteEachChargeAsOneJsonLineBeforeReturningTheReceipt() throws Exception {
        Path file = dir.resolve("ledger/dp-ledger.jsonl");
        try (FilePrivacyBudgetLedger ledger = open(file)) {
            ledger.charge("segment-sizes", 0.4);
            clock.advance(Duration.ofSeconds(90));
            ledger.charge("category-demand", 0.25);

            // Read while still open: the lines are on disk when charge() returns, not at close.
            assertThat(Files.readString(file)).isEqualTo(
                    "{\"seq\":1,\"release\":\"segment-sizes\",\"epsilon\":0.4,\"at\":\"2026-11-30T09:00:00Z\"}\n"
                    + "{\"seq\":2,\"release\":\"category-demand\",\"epsilon\":0.25,\"at\":\"2026-11-30T09:01:30Z\"}\n");
        }
    }

    @Test
    void shouldKeepTheSpentBudgetAcrossAReopen() throws Exception {
        Path file = dir.resolve("dp-ledger.jsonl");
        try (FilePrivacyBudgetLedger ledger = open(file)) {
            ledger.charge("segment-sizes", 0.4);
            ledger.charge("category-demand", 0.5);
        }
        clock.advance(Duration.ofHours(2));

        try (FilePrivacyBudgetLedger reopened = open(file)) {
            assertThat(reopened.spent()).isEqualTo(0.9);
            assertThat(reopened.entries()).containsExactly(
                    new LedgerEntry(1, "segment-sizes", new BigDecimal("0.4"), T0),
                    new LedgerEntry(2, "category-demand", new BigDecimal("0.5"), T0));
            assertThatThrownBy(() -> reopened.charge("dashboard-counts", 0.2))
                    .hasMessage("privacy budget exhausted: release 'dashboard-counts' requests epsilon 0.2 but 0.9 of the "
                            + "budget of 1 per PT24H is spent (0.1 left); the budget resets at 2026-12-01T00:00:00Z");
            assertThat(reopened.charge("dashboard-counts", 0.1).id()).isEqualTo("dp-3");
        }
    }

    @Test
    void shouldStartANewPeriodWithTheFullBudgetAfterAReopen() throws Exception {
        Path file = dir.resolve("dp-ledger.jsonl");
        try (FilePrivacyBudgetLedger ledger = open(file)) {
            ledger.charge("segment-sizes", 1.0);
        }
        clock.set(Instant.parse("2026-12-01T06:00:00Z"));

        try (FilePrivacyBudgetLedger reopened = open(file)) {
            assertThat(reopened.spent()).isEqualTo(0.0);
            assertThat(reopened.entries()).isEmpty();
            assertThat(reopened.charge("segment-sizes", 1.0).id()).isEqualTo("dp-2");
        }
        assertThat(Files.readAllLines(file)).hasSize(2);
    }

    @Test
    void shouldRefuseASecondLedgerOnTheSameFile() throws Exception {
        Path file = dir.resolve("dp-ledger.jsonl");
        try (FilePrivacyBudgetLedger ledger = open(file)) {
            assertThatThrownBy(() -> open(file)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("the privacy budget ledger " + file.toAbsolutePath() + " is already open in another "
                            + "ledger or process; each ledger file has one owner");
            assertThat(ledger.charge("still-works", 0.1).id()).isEqualTo("dp-1");
        }
    }

    @Test
    void shouldDropALastLineCutShortByACrashAndAppendAfterTheLastCompleteLine() throws Exception {
        Path file = dir.resolve("dp-ledger.jsonl");
        String complete = "{\"seq\":1,\"release\":\"segment-sizes\",\"epsilon\":0.4,\"at\":\"2026-11-30T08:00:00Z\"}\n";
        Files.writeString(file, complete + "{\"seq\":2,\"release\":\"categ");

        try (FilePrivacyBudgetLedger ledger = open(file)) {
            assertThat(ledger.spent()).isEqualTo(0.4);
            ledger.charge("category-demand", 0.5);
        }

        assertThat(Files.readString(file)).isEqualTo(complete
                + "{\"seq\":2,\"release\":\"category-demand\",\"epsilon\":0.5,\"at\":\"2026-11-30T09:00:00Z\"}\n");
    }

    @Test
    void shouldRefuseToOpenAFileWithADamagedLineBecauseTheSpentBudgetWouldBeUnknown() throws Exception {
        Path file = dir.resolve("dp-ledger.jsonl");
        Files.writeString(file, "{\"seq\":1,\"release\":\"segment-sizes\",\"epsilon\":0.4,\"at\":\"2026-11-30T08:00:00Z\"}\n"
                + "{\"seq\":2,\"release\":\"category-demand\"}\n");

        assertThatThrownBy(() -> open(file)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("privacy budget ledger " + file.toAbsolutePath() + " line 2 is not a ledger entry, "
                        + "so the spent budget is unknown; repair or move the file");
        // The failed open released its lock: a repaired file can be opened.
        Files.writeString(file, "");
        try (FilePrivacyBudgetLedger ledger = open(file)) {
            assertThat(ledger.spent()).isEqualTo(0.0);
        }
    }

    @Test
    void shouldFailChargesAfterClose() throws Exception {
        FilePrivacyBudgetLedger ledger = open(dir.resolve("dp-ledger.jsonl"));
        ledger.close();

        assertThatThrownBy(() -> ledger.charge("late", 0.1)).isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessage("could not record the privacy budget charge for 'late'; nothing may be released");
    }

    @Test
    void shouldNeverExceedTheBudgetUnderConcurrentChargesAndWriteEveryAcceptedOne() throws Exception {
        Path file = dir.resolve("dp-ledger.jsonl");
        try (FilePrivacyBudgetLedger ledger = open(file)) {
            List<LedgerReceipt> accepted = LedgerConcurrency.chargeConcurrently(ledger, 6, 40, 0.02);

            assertThat(accepted).hasSize(50);
            assertThat(ledger.spent()).isEqualTo(1.0);
        }
        assertThat(Files.readAllLines(file)).hasSize(50);
        try (FilePrivacyBudgetLedger reopened = open(file)) {
            assertThat(reopened.spent()).isEqualTo(1.0);
            assertThat(reopened.remaining()).isEqualTo(0.0);
        }
    }

    @Test
    void shouldOpenTheConfiguredLedger() throws Exception {
        Path file = dir.resolve("configured.jsonl");
        PrivacyBudgetLedger persistent = PrivacyBudgetLedger.open(
                new DifferentialPrivacyProperties(2.0, Duration.ofHours(12), file.toString(), 0.5), clock);
        PrivacyBudgetLedger inMemory = PrivacyBudgetLedger.open(
                new DifferentialPrivacyProperties(2.0, Duration.ofHours(12), "", 0.5), clock);
        try {
            assertThat(persistent).isInstanceOf(FilePrivacyBudgetLedger.class);
            assertThat(persistent.budget()).isEqualTo(2.0);
            assertThat(persistent.period()).isEqualTo(Duration.ofHours(12));
            assertThat(inMemory).isInstanceOf(InMemoryPrivacyBudgetLedger.class);
            assertThat(inMemory.periodEndsAt()).isEqualTo(Instant.parse("2026-11-30T12:00:00Z"));
        } finally {
            ((FilePrivacyBudgetLedger) persistent).close();
        }
    }
}
