package io.profilestream.ingest.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.HealthEndpointGroup;
import org.springframework.boot.actuate.health.HealthEndpointGroups;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Health on the management port, and nothing of the actuator on the API port. */
class ActuatorTest extends IngestApiTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    HealthEndpointGroups healthGroups;

    @LocalServerPort
    int port;

    @Test
    void shouldReportHealthUp() throws Exception {
        HttpResponse<String> health = actuator("health");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(health.body())).isEqualTo(JSON.readTree("{\"status\":\"UP\",\"groups\":[\"liveness\",\"readiness\"]}"));
    }

    @Test
    void shouldReportLivenessUp() throws Exception {
        HttpResponse<String> liveness = actuator("health/liveness");

        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(liveness.body())).isEqualTo(JSON.readTree("{\"status\":\"UP\"}"));
    }

    @Test
    void shouldReportReadinessUp() throws Exception {
        HttpResponse<String> readiness = actuator("health/readiness");

        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(readiness.body())).isEqualTo(JSON.readTree("{\"status\":\"UP\"}"));
    }

    @Test
    void shouldServeNoActuatorEndpointOnTheApiPort() throws Exception {
        assertThat(managementPort).isNotEqualTo(port);
        for (String endpoint : new String[] {"health", "health/readiness", "prometheus", "info"}) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/actuator/" + endpoint))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(endpoint).isEqualTo(404);
        }
    }

    @Test
    void shouldBaseTheProbesOnTheApplicationAvailabilityStateOnly() {
        // Ingest has no Streams client and no broker indicator: a broker outage shows as 503
        // answers (and the broker-unavailable counter), not as a restart or an unready pod.
        HealthEndpointGroup liveness = healthGroups.get("liveness");
        HealthEndpointGroup readiness = healthGroups.get("readiness");

        assertThat(liveness.isMember("livenessState")).isTrue();
        assertThat(liveness.isMember("readinessState")).isFalse();
        assertThat(liveness.isMember("diskSpace")).isFalse();
        assertThat(readiness.isMember("readinessState")).isTrue();
        assertThat(readiness.isMember("livenessState")).isFalse();
        assertThat(readiness.isMember("diskSpace")).isFalse();
    }
}
