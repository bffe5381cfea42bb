package io.profilestream.model.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestIdFilterTest {

    @Test
    void shouldKeepTheCallersTokenWhenItIsShortAndPlain() {
        assertThat(RequestIdFilter.idFor("shop-42_req.7")).isEqualTo("shop-42_req.7");
    }

    @Test
    void shouldReplaceIdsThatCouldForgeLogLinesOrCarryPersonalData() {
        for (String bad : new String[] {null, "", "a\nINFO forged", "alice@example.com", "x".repeat(65)}) {
            String id = RequestIdFilter.idFor(bad);
            assertThat(id).isNotEqualTo(bad);
            assertThat(UUID.fromString(id).toString()).isEqualTo(id);
        }
    }
}
