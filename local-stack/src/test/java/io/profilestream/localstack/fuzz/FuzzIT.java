package io.profilestream.localstack.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.localstack.fleet.Fleet;
import io.profilestream.model.dlq.DeadLetter;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The fast part of {@code profilestream-local fuzz}: the same run with a few hundred requests per
 * endpoint on a fresh fleet with a real broker. Asserts exact zeros: no 5xx, no dropped
 * connection, no poison record without exactly its expected dead letters, no unhealthy service,
 * no valid request refused afterwards.
 */
class FuzzIT {

    private static final int REQUESTS_PER_ENDPOINT = 300;

    @Test
    void shouldAnswerMalformedRequestsWith4xxAndDeadLetterPoisonRecordsWhileStayingHealthy() throws Exception {
        Path home = Path.of(System.getProperty("profilestream.home", "..")).toAbsolutePath().normalize();
        Path dataDir = Files.createTempDirectory("fuzz-it");
        PrintStream out = new PrintStream(System.out, true);
        FuzzResult result;
        try (Fleet fleet = Fleet.start(home, dataDir, Fleet.freePorts(), 2, out)) {
            result = new FuzzRun(fleet).run(REQUESTS_PER_ENDPOINT, 1, 4, n -> { }, out);
        }
        result.print(out);

        Map<FuzzEndpoint, Long> serverErrors = result.tallies().values().stream()
                .collect(Collectors.toMap(EndpointTally::endpoint, EndpointTally::serverErrors));
        assertThat(serverErrors).allSatisfy((endpoint, count) -> assertThat(count).as(endpoint.label()).isZero());
        assertThat(result.connectionErrors()).isZero();
        assertThat(result.tallies().values()).allSatisfy(t -> assertThat(t.requests()).isEqualTo(REQUESTS_PER_ENDPOINT));
        assertThat(result.poisonMismatches()).isEmpty();
        long expectedLetters = result.poison().stream().mapToLong(o -> o.expected().size()).sum();
        List<DeadLetter> letters = result.poison().stream().flatMap(o -> o.letters().stream()).toList();
        assertThat(letters).hasSize((int) expectedLetters);
        assertThat(result.unhealthy()).isEmpty();
        assertThat(result.failedValidRequests()).isEmpty();
        assertThat(result.passed()).isTrue();
    }
}
