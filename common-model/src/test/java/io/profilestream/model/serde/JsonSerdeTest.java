package io.profilestream.model.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.profilestream.model.event.EventContext;
import io.profilestream.model.event.EventType;
import io.profilestream.model.event.RawEvent;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.model.topic.Topics;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class JsonSerdeTest {

    private final JsonSerde<RawEvent> serde = JsonSerde.of(RawEvent.class);

    @Test
    void shouldRoundTripARawEventWithSnakeCaseTypeAndIsoTimes() {
        RawEvent event = new RawEvent(1, "e1", "u1", "s1", EventType.ADD_TO_CART, "i1", "shoes", "acme",
                new BigDecimal("19.99"), "EUR", 2, null, null, null,
                Instant.parse("2026-01-01T10:00:00Z"), Instant.parse("2026-01-01T10:00:01Z"),
                new EventContext("10.0.0.1", "curl"));

        byte[] bytes = serde.serialize("t", event);
        String json = new String(bytes, StandardCharsets.UTF_8);

        assertThat(json).contains("\"type\":\"add_to_cart\"", "\"timestamp\":\"2026-01-01T10:00:00Z\"")
                .doesNotContain("query");
        assertThat(serde.deserialize("t", bytes)).isEqualTo(event);
    }

    @Test
    void shouldNameTheTypeAndTopicWhenJsonIsBroken() {
        assertThatThrownBy(() -> serde.deserialize("raw", "{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not a valid RawEvent on topic raw");
    }

    @Test
    void shouldMapNullToTombstone() {
        assertThat(serde.serialize("t", null)).isNull();
        assertThat(serde.deserialize("t", null)).isNull();
    }

    @Test
    void shouldRoundTripAnEmptyProfile() {
        UserProfile profile = UserProfile.empty("abc");
        JsonSerde<UserProfile> profiles = JsonSerde.of(UserProfile.class);
        byte[] bytes = profiles.serializer().serialize("p", profile);

        assertThat(profiles.deserializer().deserialize("p", bytes)).isEqualTo(profile);
    }
}
