package io.profilestream.model.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import io.profilestream.model.serde.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NeuralStateTest {

    private static final float[] H = {0.5f, -1.25f, Float.MIN_VALUE, -0f, 1e-7f, 3.4028235e38f};
    private static final float[] C = {2f, -0.75f, 0f, 1f / 3f, -9.5f, 123.456f};

    @Test
    void shouldRoundTripTheVectorsBitForBitThroughJson() throws Exception {
        NeuralState state = new NeuralState("v1", "s-1", List.of("a", "b", "a"), 3, H, C);

        byte[] json = Json.mapper().writeValueAsBytes(state);
        NeuralState back = Json.mapper().readValue(json, NeuralState.class);

        assertThat(back).isEqualTo(state);
        assertThat(back.h()).containsExactly(H);
        assertThat(Float.floatToRawIntBits(back.h()[3])).isEqualTo(Float.floatToRawIntBits(-0f));
    }

    @Test
    void shouldWriteTheSameBase64TextAsJavaUtilBase64SoStoredProfilesStayReadable() throws Exception {
        JsonNode tree = Json.mapper().readTree(Json.mapper().writeValueAsBytes(
                new NeuralState("v1", "s-1", List.of(), 0, new float[]{1f, -2f}, new float[]{0.5f, 0f})));

        // 1.0f, -2.0f as little-endian IEEE floats.
        assertThat(tree.get("h").asText()).isEqualTo(Base64.getEncoder().encodeToString(
                new byte[]{0, 0, (byte) 0x80, 0x3f, 0, 0, 0, (byte) 0xc0})).isEqualTo("AACAPwAAAMA=");
        assertThat(tree.get("c").asText()).isEqualTo(NeuralState.FloatsBase64.encode(new float[]{0.5f, 0f}));
    }

    @Test
    void shouldWriteTheSameVectorsThroughStringAndTreeGenerators() throws Exception {
        NeuralState state = new NeuralState("v1", "s-1", List.of("a"), 1, H, C);
        String expectedH = NeuralState.FloatsBase64.encode(H);

        String asString = Json.mapper().writeValueAsString(state);
        JsonNode tree = Json.mapper().valueToTree(state);

        assertThat(Json.mapper().readTree(asString).get("h").asText()).isEqualTo(expectedH);
        // The tree keeps the bytes (a binary node); its text is the same base64.
        assertThat(tree.get("h").isBinary()).isTrue();
        assertThat(tree.get("h").asText()).isEqualTo(expectedH);
        assertThat(Json.mapper().treeToValue(tree, NeuralState.class)).isEqualTo(state);
    }

    @Test
    void shouldReadVectorsWrittenByTheEarlierStringCodec() throws Exception {
        String json = "{\"modelVersion\":\"v1\",\"sessionKey\":\"s\",\"sessionItems\":[],\"steps\":0,"
                + "\"h\":\"" + Base64.getEncoder().encodeToString(NeuralState.FloatsBase64.bytes(H)) + "\","
                + "\"c\":\"" + Base64.getEncoder().encodeToString(NeuralState.FloatsBase64.bytes(C)) + "\"}";

        NeuralState state = Json.mapper().readValue(json, NeuralState.class);

        assertThat(state.h()).containsExactly(H);
        assertThat(state.c()).containsExactly(C);
    }

    @ParameterizedTest(name = "h = {0}")
    @CsvSource(delimiter = '|', value = {
            "AAAA | vector of 3 bytes is not a whole number of floats",
            "AA*A | not base64"})
    void shouldRejectAVectorThatIsNotBase64OfWholeFloats(String h, String reason) {
        String json = "{\"modelVersion\":\"v1\",\"sessionKey\":\"s\",\"steps\":0,\"h\":\"" + h + "\",\"c\":\"AAAAAA==\"}";

        assertThatThrownBy(() -> Json.mapper().readValue(json, NeuralState.class))
                .isInstanceOf(InvalidFormatException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void shouldRejectABinaryNodeThatIsNotWholeFloats() {
        var tree = Json.mapper().createObjectNode().put("modelVersion", "v1").put("sessionKey", "s").put("steps", 0)
                .put("h", new byte[] {1, 2, 3, 4, 5}).put("c", new byte[] {0, 0, 0, 0});

        assertThatThrownBy(() -> Json.mapper().treeToValue(tree, NeuralState.class))
                .isInstanceOf(InvalidFormatException.class)
                .hasMessageContaining("vector of 5 bytes is not a whole number of floats");
    }
}
