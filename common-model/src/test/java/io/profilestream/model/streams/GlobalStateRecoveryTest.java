package io.profilestream.model.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlobalStateRecoveryTest {

    @TempDir
    Path stateDir;

    private Properties config(String guarantee) {
        Properties p = new Properties();
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "recommender-service");
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        return p;
    }

    private Path globalStore() throws Exception {
        Path store = Files.createDirectories(stateDir.resolve("recommender-service/global/rocksdb/catalogue"));
        Files.writeString(store.resolve("000042.sst"), "data");
        return store;
    }

    @Test
    void shouldDeleteGlobalStateLeftWithoutACheckpointUnderExactlyOnce() throws Exception {
        globalStore();
        Path task = Files.createDirectories(stateDir.resolve("recommender-service/0_1/rocksdb/impressions"));

        assertThat(GlobalStateRecovery.wipeUncheckpointedGlobalState(config(StreamsConfig.EXACTLY_ONCE_V2))).isTrue();

        assertThat(stateDir.resolve("recommender-service/global")).doesNotExist();
        // Task state is Kafka Streams' own business: it wipes and restores corrupted tasks itself.
        assertThat(task).isDirectory();
    }

    @Test
    void shouldKeepGlobalStateThatHasACheckpoint() throws Exception {
        Path store = globalStore();
        Files.writeString(stateDir.resolve("recommender-service/global/.checkpoint"), "0\n1\nprofilestream.catalogue.v1 0 42\n");

        assertThat(GlobalStateRecovery.wipeUncheckpointedGlobalState(config(StreamsConfig.EXACTLY_ONCE_V2))).isFalse();

        assertThat(store.resolve("000042.sst")).hasContent("data");
    }

    @Test
    void shouldLeaveStateAloneUnderAtLeastOnce() throws Exception {
        Path store = globalStore();

        assertThat(GlobalStateRecovery.wipeUncheckpointedGlobalState(config(StreamsConfig.AT_LEAST_ONCE))).isFalse();

        assertThat(store.resolve("000042.sst")).hasContent("data");
    }

    @Test
    void shouldDoNothingWithoutGlobalState() {
        assertThat(GlobalStateRecovery.wipeUncheckpointedGlobalState(config(StreamsConfig.EXACTLY_ONCE_V2))).isFalse();
    }
}
