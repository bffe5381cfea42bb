package io.profilestream.model.topic;

import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * A Kafka topic with the serdes of its keys and values and how it is kept, so a topic name is
 * never used without its types.
 *
 * @param name       topic name
 * @param keySerde   key serde
 * @param valueSerde value serde
 * @param compacted  whether the topic is log-compacted (latest value per key) rather than deleted by time
 * @param retentionMs retention for time-based topics, -1 for compacted ones
 * @param configs    further topic configs to create it with (e.g. how eagerly to compact)
 * @param <K> key type
 * @param <V> value type
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, boolean compacted, long retentionMs,
                          Map<String, String> configs) {

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
        configs = Map.copyOf(configs);
    }

    /** A topic with no configs beyond its clean-up policy and retention. */
    public Topic(String name, Serde<K> keySerde, Serde<V> valueSerde, boolean compacted, long retentionMs) {
        this(name, keySerde, valueSerde, compacted, retentionMs, Map.of());
    }

    /** How a Streams source reads this topic. */
    public Consumed<K, V> consumed() {
        return Consumed.with(keySerde, valueSerde);
    }

    /** How a Streams sink writes this topic. */
    public Produced<K, V> produced() {
        return Produced.with(keySerde, valueSerde);
    }

    @Override
    public String toString() {
        return name;
    }
}
