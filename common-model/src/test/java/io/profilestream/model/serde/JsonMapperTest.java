package io.profilestream.model.serde;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonMapperTest {

    @Json.KeyedByIds
    record ShownLike(Map<String, Integer> counts) {
    }

    @Test
    void shouldReadTypesKeyedByIdsWithoutCanonicalizingFieldNames() {
        // Json.KeyedByIds says why; JsonFieldNamesBenchmark measures it.
        assertThat(Json.mapperFor(ShownLike.class).getFactory().isEnabled(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES))
                .isFalse();
    }

    @Test
    void shouldReadEveryOtherTypeWithTheSharedCanonicalizingMapper() {
        assertThat(Json.mapperFor(String.class)).isSameAs(Json.mapper());
        assertThat(Json.mapper().getFactory().isEnabled(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)).isTrue();
    }

    @Test
    void shouldConfigureBothMappersAlikeApartFromCanonicalizing() {
        ObjectMapper idKeyed = Json.mapperFor(ShownLike.class);

        assertThat(idKeyed.getRegisteredModuleIds()).isEqualTo(Json.mapper().getRegisteredModuleIds()).isNotEmpty();
        assertThat(idKeyed.getDeserializationConfig().getDeserializationFeatures())
                .isEqualTo(Json.mapper().getDeserializationConfig().getDeserializationFeatures());
        assertThat(idKeyed.getSerializationConfig().getSerializationFeatures())
                .isEqualTo(Json.mapper().getSerializationConfig().getSerializationFeatures());
    }

    @Test
    void shouldReadNonAsciiIdsAlikeFromBytes() throws IOException {
        ShownLike shown = new ShownLike(new LinkedHashMap<>(Map.of("item-\u00e9t\u00e9", 1, "item-\uD83D\uDE00", 2)));
        byte[] bytes = Json.mapper().writeValueAsBytes(shown);

        assertThat(Json.mapperFor(ShownLike.class).readValue(bytes, ShownLike.class)).isEqualTo(shown);
        assertThat(Json.mapper().readValue(bytes, ShownLike.class)).isEqualTo(shown);
    }

    @Test
    void shouldWriteTheSameJsonWithBothMappers() throws IOException {
        ShownLike shown = new ShownLike(new LinkedHashMap<>(Map.of("item-9", 2)));

        assertThat(Json.mapperFor(ShownLike.class).writeValueAsString(shown))
                .isEqualTo(Json.mapper().writeValueAsString(shown))
                .isEqualTo("{\"counts\":{\"item-9\":2}}");
        assertThat(Json.mapperFor(ShownLike.class).readValue("{\"counts\":{\"item-9\":2}}", ShownLike.class)).isEqualTo(shown);
    }

    @Test
    void shouldReadMapsWithManyDistinctKeysExactly() throws IOException {
        Map<String, Integer> written = new LinkedHashMap<>();
        for (int i = 0; i < 5_000; i++) {
            written.put("item-" + (i * 7919 % 50_000), i % 3 + 1);
        }

        ShownLike read = Json.mapperFor(ShownLike.class).readValue(Json.mapper().writeValueAsBytes(new ShownLike(written)),
                ShownLike.class);

        assertThat(read.counts()).containsExactlyEntriesOf(written);
    }
}
