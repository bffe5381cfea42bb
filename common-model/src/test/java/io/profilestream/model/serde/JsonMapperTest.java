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
    void shouldReadTypesKeyedByIdsWithoutCanonicalizingFieldNamesAndEveryOtherTypeWithTheSharedMapper() {
        // Json.KeyedByIds says why; JsonFieldNamesBenchmark measures it.
        ObjectMapper idKeyed = Json.mapperFor(ShownLike.class);

        assertThat(idKeyed.getFactory().isEnabled(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)).isFalse();
        assertThat(Json.mapperFor(String.class)).isSameAs(Json.mapper());
        assertThat(Json.mapper().getFactory().isEnabled(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)).isTrue();
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
