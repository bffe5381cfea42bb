package io.profilestream.ingest.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.HealthEndpointGroup;
import org.springframework.boot.actuate.health.HealthEndpointGroups;
import org.springframework.test.json.JsonCompareMode;

class ActuatorTest extends IngestApiTestSupport {

    @Autowired
    HealthEndpointGroups healthGroups;

    @Test
    void shouldReportHealthUp() throws Exception {
        mvc.perform(get("/actuator/health"))
                .andExpect(status().isOk())
                .andExpect(content().json("{\"status\":\"UP\",\"groups\":[\"liveness\",\"readiness\"]}",
                        JsonCompareMode.STRICT));
    }

    @Test
    void shouldReportLivenessUp() throws Exception {
        mvc.perform(get("/actuator/health/liveness"))
                .andExpect(status().isOk())
                .andExpect(content().json("{\"status\":\"UP\"}", JsonCompareMode.STRICT));
    }

    @Test
    void shouldReportReadinessUp() throws Exception {
        mvc.perform(get("/actuator/health/readiness"))
                .andExpect(status().isOk())
                .andExpect(content().json("{\"status\":\"UP\"}", JsonCompareMode.STRICT));
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
