package io.profilestream.localstack.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BrokerCommandTest {

    @Test
    void shouldPutTheOperatorsJvmOptionsAfterTheDefaultsAndBeforeTheMainClass() {
        List<String> command = KafkaBroker.command("kafka.jar", Path.of("/b/server.properties"), Path.of("/b/log4j2.properties"),
                Path.of("/b/logs"), List.of("-Xmx2g", "-Xlog:gc:file=/tmp/broker-gc.log"));

        assertThat(command).containsExactly(KafkaBroker.javaBin(), "-Xms256m", "-Xmx768m", "-XX:+UseG1GC",
                "-Xmx2g", "-Xlog:gc:file=/tmp/broker-gc.log",
                "-Dlog4j2.configurationFile=/b/log4j2.properties", "-Dkafka.logs.dir=/b/logs",
                "-cp", "kafka.jar", "kafka.Kafka", "/b/server.properties");
    }
}
