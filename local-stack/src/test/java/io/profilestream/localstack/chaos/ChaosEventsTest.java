package io.profilestream.localstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.model.event.EventType;
import io.profilestream.model.event.RawEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChaosEventsTest {

    private static RawEvent event(String id, String user, String session, EventType type) {
        return new RawEvent(1, id, user, session, type, "i1", "shoes", "acme", new BigDecimal("9.99"), "EUR", 1, null, null,
                null, Instant.parse("2026-11-30T03:00:00Z"), null, null);
    }

    @Test
    void shouldPrefixEventUserAndSessionIdsAndKeepEverythingElse() {
        RawEvent e = event("ev-1", "user-000001", "user-000001-s1", EventType.PURCHASE);

        assertThat(ChaosEvents.namespaced(e, "ref")).isEqualTo(new RawEvent(1, "ref-ev-1", "ref-user-000001",
                "ref-user-000001-s1", EventType.PURCHASE, "i1", "shoes", "acme", new BigDecimal("9.99"), "EUR", 1, null, null,
                null, Instant.parse("2026-11-30T03:00:00Z"), null, null));
        assertThat(ChaosEvents.namespaced(event("ev-2", "u", null, EventType.VIEW), "chaos").sessionId()).isNull();
    }

    @Test
    void shouldCountEventsPerUserAndType() {
        List<RawEvent> events = List.of(event("1", "b", "s", EventType.VIEW), event("2", "a", "s", EventType.VIEW),
                event("3", "b", "s", EventType.VIEW), event("4", "b", "s", EventType.PURCHASE));

        assertThat(ChaosEvents.countsByUser(events)).containsExactly(
                Map.entry("a", Map.of(EventType.VIEW, 1L)),
                Map.entry("b", Map.of(EventType.VIEW, 2L, EventType.PURCHASE, 1L)));
    }
}
