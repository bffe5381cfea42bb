package io.profilestream.model.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ErasureCommandTest {

    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void shouldKeyTheCommandByTheRecordKeyWhichDecidedThePartition() {
        ErasureCommand resolved = ErasureCommand.resolve("key-of-record", new ErasureCommand("r1", "key-in-value", "k1", AT), 5L);

        assertThat(resolved).isEqualTo(new ErasureCommand("r1", "key-of-record", "k1", AT));
    }

    @Test
    void shouldFallBackToTheValuesKeyAndTheRecordTime() {
        assertThat(ErasureCommand.resolve(null, new ErasureCommand("r1", "alice", "k1", null), 1_000L))
                .isEqualTo(new ErasureCommand("r1", "alice", "k1", Instant.ofEpochMilli(1_000L)));
    }

    @Test
    void shouldNameNoOneWithoutAValueOrAnyKey() {
        assertThat(ErasureCommand.resolve("alice", null, 0L)).isNull();
        assertThat(ErasureCommand.resolve(null, new ErasureCommand("r1", null, "k1", AT), 0L)).isNull();
    }
}
