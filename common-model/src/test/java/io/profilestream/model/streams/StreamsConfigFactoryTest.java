package io.profilestream.model.streams;

import io.profilestream.model.config.KafkaProperties;
import io.profilestream.model.config.StreamsProperties;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StreamsConfigFactoryTest {

    private static final StreamsProperties STREAMS = new StreamsProperties("profile-updater", "/tmp/state", 2,
            "exactly_once_v2", (short) -1, Duration.ofMillis(100), 256, "127.0.0.1:8083");

    @Test
    void shouldRunEveryServiceExactlyOnceWithTheConfiguredCommitIntervalAndThreads() {
        Properties p = StreamsConfigFactory.create(new KafkaProperties("127.0.0.1:19092", Map.of()), STREAMS);

        assertThat(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo("exactly_once_v2");
        assertThat(p.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(100L);
        assertThat(p.get(StreamsConfig.POLL_MS_CONFIG)).isEqualTo(10L);
        assertThat(p.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo(2);
        assertThat(p.get(StreamsConfig.APPLICATION_SERVER_CONFIG)).isEqualTo("127.0.0.1:8083");
        assertThat(p.get(BoundedMemoryRocksDBConfig.TOTAL_OFF_HEAP_BYTES)).isEqualTo(Long.toString(256L << 20));
    }

    @Test
    void shouldLingerBrieflyAndLeaveTheSealedRecordsUncompressedByDefault() {
        Properties p = StreamsConfigFactory.create(new KafkaProperties("127.0.0.1:19092", Map.of()), STREAMS);

        assertThat(p).doesNotContainKey(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG))
                .doesNotContainKey(ProducerConfig.COMPRESSION_TYPE_CONFIG);
        assertThat(p.get(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG))).isEqualTo(5);
    }

    @Test
    void shouldLetAnOperatorChooseACompressionTypeInTheClientSettings() {
        Properties p = StreamsConfigFactory.create(new KafkaProperties("127.0.0.1:19092",
                Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd")), STREAMS);

        assertThat(p.get(ProducerConfig.COMPRESSION_TYPE_CONFIG)).isEqualTo("zstd");
        assertThat(p).doesNotContainKey(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG));
    }

    @Test
    void shouldBatchUpTo128KilobytesPerPartitionByDefault() {
        Properties p = StreamsConfigFactory.create(new KafkaProperties("127.0.0.1:19092", Map.of()), STREAMS);

        assertThat(p.get(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG))).isEqualTo(131_072);
        assertThat(new StreamsConfig(p).getProducerConfigs("client").get(ProducerConfig.BATCH_SIZE_CONFIG)).isEqualTo(131_072);
    }

    @Test
    void shouldKeepABatchSizeTheOperatorSetWithOrWithoutTheProducerPrefix() {
        Properties plain = StreamsConfigFactory.create(new KafkaProperties("127.0.0.1:19092",
                Map.of(ProducerConfig.BATCH_SIZE_CONFIG, "32768")), STREAMS);
        Properties prefixed = StreamsConfigFactory.create(new KafkaProperties("127.0.0.1:19092",
                Map.of(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), "65536")), STREAMS);

        assertThat(plain).doesNotContainKey(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG));
        assertThat(new StreamsConfig(plain).getProducerConfigs("client").get(ProducerConfig.BATCH_SIZE_CONFIG)).isEqualTo("32768");
        assertThat(new StreamsConfig(prefixed).getProducerConfigs("client").get(ProducerConfig.BATCH_SIZE_CONFIG)).isEqualTo("65536");
    }

    @Test
    void shouldPollForATenthOfTheCommitIntervalWithinOneAndOneHundredMilliseconds() {
        assertThat(StreamsConfigFactory.pollMillis(Duration.ofMillis(100))).isEqualTo(10L);
        assertThat(StreamsConfigFactory.pollMillis(Duration.ofMillis(50))).isEqualTo(5L);
        assertThat(StreamsConfigFactory.pollMillis(Duration.ofSeconds(1))).isEqualTo(100L);
        assertThat(StreamsConfigFactory.pollMillis(Duration.ofMillis(25))).isEqualTo(2L);
        assertThat(StreamsConfigFactory.pollMillis(Duration.ofMillis(5))).isEqualTo(1L);
        assertThat(StreamsConfigFactory.pollMillis(Duration.ofSeconds(30))).isEqualTo(100L);
    }

    @Test
    void shouldLetExtraClientSettingsSuchAsTlsThrough() {
        Properties p = StreamsConfigFactory.create(new KafkaProperties("127.0.0.1:19092",
                Map.of("security.protocol", "SSL")), STREAMS);

        assertThat(p.get("security.protocol")).isEqualTo("SSL");
    }
}
