package io.profilestream.privacyfilter.topology;

import io.profilestream.model.event.EventContext;
import io.profilestream.model.event.EventType;
import io.profilestream.model.event.RawEvent;
import io.profilestream.model.topic.Topics;
import java.math.BigDecimal;
import java.time.Instant;

/** Builds raw events for tests: a complete, valid purchase unless a field is changed. */
final class RawEvents {

    static final String USER_ID = "shop-user-4711-raw";
    static final String SESSION_ID = "shop-session-9f3c-raw";
    static final String IP = "203.0.113.77";
    static final String USER_AGENT = "Mozilla/5.0 (X11; RawAgentMarker)";
    static final Instant CLIENT_TIME = Instant.parse("2026-03-01T10:15:30Z");
    static final Instant RECEIVED_AT = Instant.parse("2026-03-01T10:15:31.250Z");

    int schemaVersion = RawEvent.CURRENT_SCHEMA_VERSION;
    String eventId = "evt-1";
    String userId = USER_ID;
    String sessionId = SESSION_ID;
    EventType type = EventType.PURCHASE;
    String itemId = "sku-123";
    String category = "electronics.smartphone";
    String brand = "acme";
    BigDecimal price = new BigDecimal("199.99");
    String currency = "EUR";
    Integer quantity = 2;
    String query;
    String reviewText;
    Integer rating;
    Instant timestamp = CLIENT_TIME;
    Instant receivedAt = RECEIVED_AT;
    EventContext context = new EventContext(IP, USER_AGENT);

    static RawEvents purchase() {
        return new RawEvents();
    }

    RawEvent build() {
        return new RawEvent(schemaVersion, eventId, userId, sessionId, type, itemId, category, brand, price, currency,
                quantity, query, reviewText, rating, timestamp, receivedAt, context);
    }

    byte[] bytes() {
        return Topics.RAW_EVENTS.valueSerde().serializer().serialize(Topics.RAW_EVENTS.name(), build());
    }
}
