package io.profilestream.ingest.config;

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
        Duration retryAfter) {

    /** {@link #retryAfter} in whole seconds, rounded up, as the Retry-After header needs. */
    public long retryAfterSeconds() {
        long millis = retryAfter.toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }
}
