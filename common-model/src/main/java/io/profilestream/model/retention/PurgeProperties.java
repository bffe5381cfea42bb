package io.profilestream.model.retention;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Which time-retained topics this service deletes once they are consumed
 * ({@code profilestream.purge.*}); validated at start-up. See {@link ConsumedRecordsPurger}.
 *
 * @param enabled  off only to keep records for their full retention (e.g. to replay them)
 * @param interval how often the consumed part of each topic is deleted; Kafka Streams purges its
 *                 own repartition topics every 30 s by default, and this follows it
 * @param topics   the topics, each with the consumer groups that must have read a record before it
 *                 is deleted
 */
@Validated
@ConfigurationProperties("profilestream.purge")
public record PurgeProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("30s")
        @NotNull(message = "set profilestream.purge.interval, e.g. 30s") Duration interval,
        @DefaultValue @Valid List<PurgedTopic> topics) {

    /** Refuses intervals under a second: each pass costs the broker a few admin requests. */
    public PurgeProperties {
        if (interval != null && interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("profilestream.purge.interval must be at least 1s, got " + interval);
        }
        topics = topics == null ? List.of() : List.copyOf(topics);
    }

    /**
     * One purged topic.
     *
     * @param name    the topic name
     * @param readers consumer groups (a Streams service's group is its application id) that must
     *                have committed past a record before it is deleted, even when they have never
     *                committed at all (not started yet). Any other group found with offsets on the
     *                topic is waited for as well, so an extra consumer an operator adds is safe.
     */
    public record PurgedTopic(
            @NotBlank(message = "profilestream.purge.topics[].name must not be blank") String name,
            @NotEmpty(message = "profilestream.purge.topics[].readers must name at least one consumer group")
            List<@NotBlank(message = "profilestream.purge.topics[].readers must not contain blanks") String> readers) {
    }
}
