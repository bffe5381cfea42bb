package io.profilestream.privacyfilter.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.model.config.KafkaProperties;
import io.profilestream.model.config.StreamsProperties;
import io.profilestream.model.streams.PoisonRecordHandler;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsConfigurationTest {

    private static final KafkaProperties KAFKA = new KafkaProperties("127.0.0.1:1", Map.of());
    private static final StreamsProperties STREAMS = new StreamsProperties("privacy-filter", "/tmp/unused", 1,
            "exactly_once_v2", (short) 1, Duration.ofMillis(100), 8, "");

    @Test
    void shouldDivertPoisonRecordsWithoutPayloadsByDefault() {
        Properties p = StreamsConfiguration.streamsConfig(KAFKA, STREAMS, FilterProperties.defaults());

        assertThat(p.get(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG)).isEqualTo(PoisonRecordHandler.class);
        assertThat(p.get(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG)).isEqualTo(PoisonRecordHandler.class);
        assertThat(p.get(PoisonRecordHandler.KEEP_PAYLOADS_CONFIG)).isEqualTo("false");
    }

    @Test
    void shouldKeepPoisonPayloadsWhenTheFilterKeepsDeadLetterPayloads() {
        FilterProperties d = FilterProperties.defaults();
        FilterProperties keeping = new FilterProperties(d.dedupeWindow(), d.maxQuantity(), d.maxPrice(), d.maxClockSkew(),
                d.maxEventAge(), d.botWindow(), d.botMaxEvents(), true);

        assertThat(StreamsConfiguration.streamsConfig(KAFKA, STREAMS, keeping).get(PoisonRecordHandler.KEEP_PAYLOADS_CONFIG))
                .isEqualTo("true");
    }
}
