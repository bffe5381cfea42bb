package io.profilestream.privacyfilter.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.profilestream.model.serde.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The detail of an unreadable record names where it failed, never what the shop sent there. */
class DeadLettersTest {

    /** A type with a map: its keys are chosen by the sender, unlike property names. */
    record Tagged(Map<String, Integer> counts) {
    }

    @Test
    void shouldHideAMapKeyBecauseTheSenderChoseIt() {
        byte[] bytes = "{\"counts\": {\"alice@example.com\": \"many\"}}".getBytes(StandardCharsets.UTF_8);
        SerializationException e = catchThrowableOfType(SerializationException.class,
                () -> JsonSerde.of(Tagged.class).deserialize("t", bytes));

        assertThat(DeadLetters.unreadable("Tagged", "t", e))
                .isEqualTo("not a valid Tagged on topic t: field 'counts.<key>' cannot be read as Integer "
                        + "(line 1, column 34)");
    }

    @Test
    void shouldNotRepeatTheMessageOfAnExceptionThatIsNotJackson() {
        SerializationException e = new SerializationException("bad value shop-user-4711-raw");

        assertThat(DeadLetters.unreadable("RawEvent", "t", e))
                .isEqualTo("not a valid RawEvent on topic t: the value cannot be read");
    }
}
