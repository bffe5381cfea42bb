package io.profilestream.localstack.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetPortsTest {

    @Test
    void freePortsShouldGiveEveryKeyOfTheDefaultsADistinctLoopbackPort() throws Exception {
        for (int round = 0; round < 20; round++) {
            Map<String, Integer> ports = Fleet.freePorts();

            assertThat(ports.keySet()).containsExactlyElementsOf(Fleet.defaultPorts().keySet());
            assertThat(new HashSet<>(ports.values())).hasSize(ports.size());
            assertThat(ports.values()).allSatisfy(p -> assertThat(p).isBetween(1, 65_535));
        }
    }
}
