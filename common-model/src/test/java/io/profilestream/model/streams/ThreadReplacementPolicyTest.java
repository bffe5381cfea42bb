package io.profilestream.model.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class ThreadReplacementPolicyTest {

    private static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");
    private static final Throwable ABORTED = new StreamsException("Error encountered trying to commit a transaction",
            new InvalidTxnStateException("The producer attempted a transactional operation in an invalid state."));

    private Instant now = T0;
    private final ThreadReplacementPolicy policy = new ThreadReplacementPolicy(new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    });

    @Test
    void shouldReplaceAThreadWhoseTransactionTheBrokerAborted() {
        assertThat(policy.handle(ABORTED)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }

    @Test
    void shouldShutTheClientDownOnTheSixthDeathWithinTenMinutes() {
        for (int i = 0; i < ThreadReplacementPolicy.MAX_REPLACEMENTS; i++) {
            now = T0.plusSeconds(60L * i);
            assertThat(policy.handle(ABORTED)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        }
        now = T0.plus(Duration.ofMinutes(9).plusSeconds(59));
        assertThat(policy.handle(ABORTED)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    @Test
    void shouldForgetDeathsOlderThanTheWindow() {
        for (int i = 0; i < ThreadReplacementPolicy.MAX_REPLACEMENTS; i++) {
            now = T0.plusSeconds(i);
            policy.handle(ABORTED);
        }
        // Ten minutes after the first death it no longer counts: four remain, a fifth is allowed.
        now = T0.plus(ThreadReplacementPolicy.WINDOW);
        assertThat(policy.handle(ABORTED)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(policy.handle(ABORTED)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }
}
