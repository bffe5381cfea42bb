package io.profilestream.recommender.impressions;

import io.profilestream.model.impression.Impression;
import io.profilestream.model.topic.Topics;
import io.profilestream.recommender.metrics.RecommenderMetrics;
import java.time.Duration;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every served list to the impressions topic, keyed by the user's pseudonym, so the
 * topology can count what each user has been shown. Fire-and-forget on purpose: a lost
 * impression only means an item may be shown once more, which is no reason to fail or slow a
 * request, so failures are counted ({@value RecommenderMetrics#IMPRESSIONS_DROPPED}) and logged
 * at a decreasing rate instead.
 */
public final class ImpressionRecorder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ImpressionRecorder.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final Producer<String, Impression> producer;
    private final RecommenderMetrics metrics;

    /** @param producer owned from now on: closed by {@link #close()} */
    public ImpressionRecorder(Producer<String, Impression> producer, RecommenderMetrics metrics) {
        this.producer = producer;
        this.metrics = metrics;
    }

    /** Sends one served list; an empty list is not an impression and is skipped. */
    public void record(Impression impression) {
        if (impression.itemIds().isEmpty()) {
            return;
        }
        try {
            producer.send(new ProducerRecord<>(Topics.IMPRESSIONS.name(), impression.userKey(), impression),
                    (metadata, error) -> {
                        if (error != null) {
                            dropped(error);
                        }
                    });
        } catch (KafkaException | IllegalStateException e) {
            // send() throws when metadata cannot be had within max.block.ms or the producer is closing.
            dropped(e);
        }
    }

    private void dropped(Exception e) {
        long total = metrics.impressionDropped();
        // Powers of two: the first failures are visible, a long outage does not flood the log.
        if (Long.bitCount(total) == 1) {
            LOG.warn("Impression not recorded ({} so far): {}", total, e.toString());
        }
    }

    @Override
    public void close() {
        producer.close(CLOSE_TIMEOUT);
    }
}
