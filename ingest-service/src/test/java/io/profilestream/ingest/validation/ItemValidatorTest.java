package io.profilestream.ingest.validation;

import static io.profilestream.ingest.validation.ViolationCode.EMPTY;
import static io.profilestream.ingest.validation.ViolationCode.INVALID_CHARACTERS;
import static io.profilestream.ingest.validation.ViolationCode.INVALID_FORMAT;
import static io.profilestream.ingest.validation.ViolationCode.MISSING;
import static io.profilestream.ingest.validation.ViolationCode.OUT_OF_RANGE;
import static io.profilestream.ingest.validation.ViolationCode.TOO_LONG;
import static io.profilestream.ingest.validation.ViolationCode.UNKNOWN_FIELD;
import static io.profilestream.ingest.validation.ViolationCode.WRONG_TYPE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import io.profilestream.model.event.ItemUpdate;
import io.profilestream.model.serde.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ItemValidatorTest {

    private static final Instant RECEIVED_AT = Instant.parse("2025-03-01T10:15:30.123Z");

    private final ItemValidator validator = new ItemValidator();

    private Validated<ItemUpdate> validate(String json) throws Exception {
        return validator.validate(
                Json.mapper().reader().without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES).readTree(json),
                RECEIVED_AT);
    }

    @Test
    void shouldNormaliseCategoryBrandAndCurrency() throws Exception {
        Validated<ItemUpdate> result = validate("""
                {"itemId":" SKU-1 ","category":"  Electronics.Phones ","brand":" ACME Corp ","price":0,
                 "currency":"uSd","inStock":false,"updatedAt":1740823200000}
                """);

        assertThat(result).isEqualTo(new Validated<>(" SKU-1 ", new ItemUpdate(" SKU-1 ", "electronics.phones",
                "acme corp", BigDecimal.ZERO, "USD", false, Instant.parse("2025-03-01T10:00:00Z")), List.of()));
    }

    @Test
    void shouldDefaultInStockToTrueAndUpdatedAtToReceiveTime() throws Exception {
        assertThat(validate("{\"itemId\":\"sku-1\",\"category\":\"books\",\"inStock\":null}").value())
                .isEqualTo(new ItemUpdate("sku-1", "books", null, null, null, true, RECEIVED_AT));
    }

    @Test
    void shouldReportEveryViolationOfAnItem() throws Exception {
        assertThat(validate("{\"price\":\"free\",\"currency\":\"\",\"instock\":true}").violations()).containsExactly(
                new Violation("instock", UNKNOWN_FIELD, "unknown field instock (did you mean inStock?)"),
                new Violation("itemId", MISSING, "itemId is required"),
                new Violation("category", MISSING, "category is required"),
                new Violation("price", WRONG_TYPE, "price must be a number"),
                new Violation("currency", INVALID_FORMAT, "currency must be a 3-letter ISO 4217 code such as EUR"));
    }

    static Stream<Arguments> rejections() {
        return Stream.of(
                arguments("itemId number", "{\"itemId\":7,\"category\":\"c\"}", "itemId", WRONG_TYPE, "itemId must be a string"),
                arguments("itemId 129", "{\"itemId\":\"" + "i".repeat(129) + "\",\"category\":\"c\"}", "itemId", TOO_LONG, "itemId must be at most 128 characters, got 129"),
                arguments("itemId tab", "{\"itemId\":\"a\\tb\",\"category\":\"c\"}", "itemId", INVALID_CHARACTERS, "itemId must not contain control characters"),
                arguments("category empty", "{\"itemId\":\"i\",\"category\":\"\"}", "category", EMPTY, "category must not be empty"),
                arguments("category 257", "{\"itemId\":\"i\",\"category\":\"" + "c".repeat(257) + "\"}", "category", TOO_LONG, "category must be at most 256 characters, got 257"),
                arguments("brand array", "{\"itemId\":\"i\",\"category\":\"c\",\"brand\":[]}", "brand", WRONG_TYPE, "brand must be a string"),
                arguments("price negative", "{\"itemId\":\"i\",\"category\":\"c\",\"price\":-5}", "price", OUT_OF_RANGE, "price must be greater than or equal to 0"),
                arguments("inStock number", "{\"itemId\":\"i\",\"category\":\"c\",\"inStock\":1}", "inStock", WRONG_TYPE, "inStock must be true or false"),
                arguments("updatedAt object", "{\"itemId\":\"i\",\"category\":\"c\",\"updatedAt\":{}}", "updatedAt", WRONG_TYPE, "updatedAt must be an ISO-8601 string or an integer number of epoch milliseconds"),
                arguments("updatedAt year 10000", "{\"itemId\":\"i\",\"category\":\"c\",\"updatedAt\":\"+10000-01-01T00:00:00Z\"}", "updatedAt", OUT_OF_RANGE, "updatedAt must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejections")
    void shouldRejectEachBrokenRuleWithItsFieldCodeAndMessage(
            String name, String json, String field, ViolationCode code, String message) throws Exception {
        Validated<ItemUpdate> result = validate(json);

        assertThat(result.violations()).containsExactly(new Violation(field, code, message));
        assertThat(result.value()).isNull();
    }
}
