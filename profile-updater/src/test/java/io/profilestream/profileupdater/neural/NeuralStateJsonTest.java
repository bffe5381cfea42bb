package io.profilestream.profileupdater.neural;

import static io.profilestream.model.event.EventType.VIEW;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.profilestream.model.crypto.UserDataCipher;
import io.profilestream.model.profile.NeuralState;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.model.serde.Json;
import io.profilestream.model.serde.JsonSerde;
import io.profilestream.profileupdater.profile.TestCipher;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The neural part survives the store's and the profiles topic's sealed JSON bit for bit. */
class NeuralStateJsonTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final String USER = "ab".repeat(32);
    private static final UserDataCipher CIPHER = TestCipher.CIPHER;
    private static final byte[] KEY = CIPHER.newWrappedKey(USER);

    /** Values a decimal round trip would damage: subnormals, signed zero, the float closest to 0.1. */
    private static final float[] H = {0.1f, -0.0f, Float.MIN_VALUE, Float.MAX_VALUE, -1.0f / 3.0f, 0.99999994f,
            Float.intBitsToFloat(0x3e4ccccd)};
    private static final float[] C = {1e-38f, -7.5f, 3.1415927f, 0f, 2f, -2f, 123456.79f};

    private static final NeuralState STATE = new NeuralState("2025-03-01T00-00-00Z-abc", "sess-1",
            List.of("i1", "i2", "i1"), 5, H, C);

    private static int[] bits(float[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Float.floatToRawIntBits(v[i]);
        }
        return out;
    }

    @Test
    void shouldRoundTripTheProfileWithItsNeuralStateThroughTheSealedFormatBitForBit() {
        UserProfile profile = new UserProfile(USER, 5, Map.of(VIEW, 5L), null, null, null, null, 1,
                "sess-1", List.of("i1", "i2"), List.of(), T0, T0, STATE);

        UserProfile back = CIPHER.openJson(USER, KEY, CIPHER.sealJson(USER, KEY, profile), UserProfile.class);

        assertThat(back).isEqualTo(profile);
        assertThat(bits(back.neural().h())).isEqualTo(bits(H));
        assertThat(bits(back.neural().c())).isEqualTo(bits(C));
        assertThat(back.neural().sessionItems()).containsExactly("i1", "i2", "i1");
        assertThat(back.neural().steps()).isEqualTo(5);
    }

    @Test
    void shouldWriteTheVectorsAsLittleEndianBase64() throws Exception {
        NeuralState one = new NeuralState("v1", "s", List.of(), 0, new float[]{1.0f}, new float[]{-2.0f});

        JsonNode json = Json.mapper().readTree(JsonSerde.of(NeuralState.class).serializer().serialize("t", one));

        // 1.0f = 0x3f800000 -> bytes 00 00 80 3f; -2.0f = 0xc0000000 -> 00 00 00 c0.
        assertThat(json.path("h").asText()).isEqualTo("AACAPw==");
        assertThat(json.path("c").asText()).isEqualTo("AAAAwA==");
    }

    @Test
    void shouldReadAProfileWrittenBeforeProfilesHadANeuralPart() {
        String old = "{\"userKey\":\"" + USER + "\",\"eventCount\":1}";

        UserProfile back = CIPHER.openJson(USER, KEY, CIPHER.seal(USER, KEY, old.getBytes(StandardCharsets.UTF_8)),
                UserProfile.class);

        assertThat(back.neural()).isNull();
        assertThat(back.eventCount()).isEqualTo(1);
    }
}
