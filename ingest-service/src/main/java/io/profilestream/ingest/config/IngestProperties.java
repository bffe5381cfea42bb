package io.profilestream.ingest.config;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits and timeouts of the ingest API ({@code profilestream.ingest.*}).
 *
 * @param maxBodyBytes largest request body read, in bytes; larger bodies get 413 body-too-large
 * @param maxBatchSize most events (or items) one request may carry; more get 413 batch-too-large
 * @param sendTimeout  how long a request may wait for Kafka to store its records; also the
 *                     producer's max.block.ms and delivery.timeout.ms
 * @param retryAfter   what the Retry-After header of a 503 broker-unavailable answer advises
 * @param maxInFlightBytes     most request-body bytes admitted at once, counted from the moment a
 *                             request is admitted until Kafka has acknowledged (or failed) every
 *                             record of it; a request beyond gets 429 overloaded without its body
 *                             being read. At least {@code maxBodyBytes}; the producers'
 *                             buffer.memory is twice this ({@link ProducerSettings})
 * @param overloadedRetryAfter what the Retry-After header of a 429 overloaded answer advises
 * @param brokerBackoff        after a send timed out, how long requests are answered 503 at once
 *                             instead of each waiting {@code sendTimeout}; then one request probes
 *                             Kafka and its outcome closes or re-opens the short-circuit. 0 disables it
 */
@Validated
@ConfigurationProperties("profilestream.ingest")
public record IngestProperties(
        @DefaultValue("1048576")
        @Min(value = 1024, message = "profilestream.ingest.max-body-bytes must be at least 1024")
        @Max(value = 67_108_864, message = "profilestream.ingest.max-body-bytes must be at most 64 MiB (67108864)")
        int maxBodyBytes,
        @DefaultValue("500")
        @Min(value = 1, message = "profilestream.ingest.max-batch-size must be at least 1")
        @Max(value = 10_000, message = "profilestream.ingest.max-batch-size must be at most 10000")
        int maxBatchSize,
        @DefaultValue("10s")
        @NotNull(message = "set profilestream.ingest.send-timeout (e.g. 10s)")
        @DurationMin(seconds = 1, message = "profilestream.ingest.send-timeout must be at least 1s")
        @DurationMax(minutes = 5, message = "profilestream.ingest.send-timeout must be at most 5m")
        Duration sendTimeout,
        @DefaultValue("5s")
        @NotNull(message = "set profilestream.ingest.retry-after (e.g. 5s)")
        @DurationMin(seconds = 1, message = "profilestream.ingest.retry-after must be at least 1s")
        Duration retryAfter,
        @DefaultValue("33554432")
        @Min(value = 1024, message = "profilestream.ingest.max-in-flight-bytes must be at least 1024")
        @Max(value = 536_870_912, message = "profilestream.ingest.max-in-flight-bytes must be at most 512 MiB (536870912)")
        int maxInFlightBytes,
        @DefaultValue("1s")
        @NotNull(message = "set profilestream.ingest.overloaded-retry-after (e.g. 1s)")
        @DurationMin(seconds = 1, message = "profilestream.ingest.overloaded-retry-after must be at least 1s")
        Duration overloadedRetryAfter,
        @DefaultValue("2s")
        @NotNull(message = "set profilestream.ingest.broker-backoff (e.g. 2s, or 0s to disable)")
        @DurationMin(seconds = 0, message = "profilestream.ingest.broker-backoff must not be negative")
        @DurationMax(minutes = 1, message = "profilestream.ingest.broker-backoff must be at most 1m")
        Duration brokerBackoff) {

    /** A request body of the largest size must be admissible when nothing else is in flight. */
    @AssertTrue(message = "profilestream.ingest.max-in-flight-bytes must be at least profilestream.ingest.max-body-bytes")
    public boolean isInFlightBoundAtLeastOneBody() {
        return maxInFlightBytes >= maxBodyBytes;
    }

    /** {@link #retryAfter} in whole seconds, rounded up, as the Retry-After header needs. */
    public long retryAfterSeconds() {
        long millis = retryAfter.toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    /** {@link #overloadedRetryAfter} in whole seconds, rounded up. */
    public long overloadedRetryAfterSeconds() {
        long millis = overloadedRetryAfter.toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }
}
