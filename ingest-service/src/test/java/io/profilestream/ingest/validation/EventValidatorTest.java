package io.profilestream.ingest.validation;

import static io.profilestream.ingest.validation.ViolationCode.EMPTY;
import static io.profilestream.ingest.validation.ViolationCode.INVALID_CHARACTERS;
import static io.profilestream.ingest.validation.ViolationCode.INVALID_FORMAT;
import static io.profilestream.ingest.validation.ViolationCode.MISSING;
import static io.profilestream.ingest.validation.ViolationCode.OUT_OF_RANGE;
import static io.profilestream.ingest.validation.ViolationCode.TOO_LONG;
import static io.profilestream.ingest.validation.ViolationCode.UNKNOWN_FIELD;
import static io.profilestream.ingest.validation.ViolationCode.UNSUPPORTED_VALUE;
import static io.profilestream.ingest.validation.ViolationCode.UNSUPPORTED_VERSION;
import static io.profilestream.ingest.validation.ViolationCode.WRONG_TYPE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import io.profilestream.model.event.Consent;
import io.profilestream.model.event.EventContext;
import io.profilestream.model.event.EventType;
import io.profilestream.model.event.RawEvent;
import io.profilestream.model.serde.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventValidatorTest {

    private static final Instant RECEIVED_AT = Instant.parse("2025-03-01T10:15:30.123Z");
    private static final String VIEW = "\"eventId\":\"e1\",\"userId\":\"u1\",\"type\":\"view\",\"itemId\":\"i1\"";

    private final EventValidator validator = new EventValidator();

    private Validated<RawEvent> validate(String json) throws Exception {
        JsonNode node = Json.mapper().reader().without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES).readTree(json);
        return validator.validate(node, RECEIVED_AT);
    }

    @Test
    void shouldBuildRawEventWithEveryFieldExactlyAsSent() throws Exception {
        Validated<RawEvent> result = validate("""
                {"schemaVersion":1,"eventId":"shop-1:e.42_x","userId":"  Ünïcode user ","sessionId":"s1",
                 "type":"purchase","itemId":"i1","category":"Shoes.Running","brand":"ACME","price":19.90,
                 "currency":"eur","quantity":2147483647,"timestamp":"2025-03-01T11:00:00.5+01:00",
                 "context":{"ip":"2001:db8::1","userAgent":"Mozilla/5.0"}}
                """);

        assertThat(result).isEqualTo(new Validated<>("shop-1:e.42_x", new RawEvent(1, "shop-1:e.42_x",
                "  Ünïcode user ", "s1", EventType.PURCHASE, "i1", "Shoes.Running", "ACME", new BigDecimal("19.90"),
                "eur", Integer.MAX_VALUE, null, null, null, Instant.parse("2025-03-01T10:00:00.500Z"), RECEIVED_AT,
                new EventContext("2001:db8::1", "Mozilla/5.0")), List.of()));
    }

    @Test
    void shouldDefaultSchemaVersionAndTimestampAndTreatNullAsAbsent() throws Exception {
        Validated<RawEvent> result = validate("{" + VIEW + ",\"sessionId\":null,\"timestamp\":null,\"context\":null}");

        assertThat(result.value()).isEqualTo(new RawEvent(1, "e1", "u1", null, EventType.VIEW, "i1", null, null,
                null, null, null, null, null, null, RECEIVED_AT, RECEIVED_AT, null));
    }

    @Test
    void shouldCarryTheConsentTheShopStates() throws Exception {
        assertThat(validate("{" + VIEW + ",\"consent\":{\"personalisation\":false}}").value().consent())
                .isEqualTo(Consent.WITHDRAWN);
        assertThat(validate("{" + VIEW + ",\"consent\":{\"personalisation\":true}}").value().consent())
                .isEqualTo(Consent.GRANTED);
        assertThat(validate("{" + VIEW + "}").value().consent()).isNull();
    }

    @Test
    void shouldReadTimestampFromEpochMilliseconds() throws Exception {
        assertThat(validate("{" + VIEW + ",\"timestamp\":1740823200001}").value().timestamp())
                .isEqualTo(Instant.parse("2025-03-01T10:00:00.001Z"));
    }

    @Test
    void shouldAcceptSearchWithoutItemAndReviewWithOptionalRating() throws Exception {
        assertThat(validate("{\"eventId\":\"e1\",\"userId\":\"u1\",\"type\":\"search\",\"query\":\"red shoes\"}")
                .value().query()).isEqualTo("red shoes");
        RawEvent review = validate("{\"eventId\":\"e2\",\"userId\":\"u1\",\"type\":\"review\",\"itemId\":\"i1\","
                + "\"reviewText\":\"Great.\\n\\tWould buy again.\"}").value();
        assertThat(review.reviewText()).isEqualTo("Great.\n\tWould buy again.");
        assertThat(review.rating()).isNull();
        assertThat(validate("{\"eventId\":\"e3\",\"userId\":\"u1\",\"type\":\"rating\",\"itemId\":\"i1\",\"rating\":5}")
                .value().rating()).isEqualTo(5);
    }

    @Test
    void shouldReportEveryViolationOfAnEventAndNoIdWhenTheIdIsInvalid() throws Exception {
        Validated<RawEvent> result = validate("{\"eventId\":\"\",\"type\":\"search\",\"price\":-1,\"extra\":true}");

        assertThat(result).isEqualTo(new Validated<RawEvent>(null, null, List.of(
                new Violation("extra", UNKNOWN_FIELD, "unknown field extra"),
                new Violation("eventId", EMPTY, "eventId must not be empty"),
                new Violation("userId", MISSING, "userId is required"),
                new Violation("price", OUT_OF_RANGE, "price must be greater than or equal to 0"),
                new Violation("query", MISSING, "query is required for search events"))));
    }

    @Test
    void shouldOnlyCheckTheFormatOfTypeDependentFieldsWhenTheTypeIsUnknown() throws Exception {
        assertThat(validate("{\"eventId\":\"e1\",\"userId\":\"u1\",\"type\":\"teleport\"}").violations())
                .containsExactly(new Violation("type", UNSUPPORTED_VALUE,
                        "type must be one of view, search, add_to_cart, remove_from_cart, purchase, review, rating"));
    }

    @Test
    void shouldRejectAnEntryThatIsNotAnObject() throws Exception {
        assertThat(validate("[1]").violations())
                .containsExactly(new Violation("$", WRONG_TYPE, "an event must be a JSON object"));
    }

    static Stream<Arguments> rejections() {
        String longUa = "a".repeat(2049);
        return Stream.of(
                arguments("schemaVersion string", "\"schemaVersion\":\"1\"", "schemaVersion", WRONG_TYPE, "schemaVersion must be an integer"),
                arguments("schemaVersion 0", "\"schemaVersion\":0", "schemaVersion", UNSUPPORTED_VERSION, "schemaVersion 0 is not supported; this service accepts 1"),
                arguments("eventId number", "\"eventId\":1", "eventId", WRONG_TYPE, "eventId must be a string"),
                arguments("eventId 129", "\"eventId\":\"" + "x".repeat(129) + "\"", "eventId", TOO_LONG, "eventId must be at most 128 characters, got 129"),
                arguments("eventId slash", "\"eventId\":\"a/b\"", "eventId", INVALID_CHARACTERS, "eventId may only contain letters, digits and . _ : -"),
                arguments("eventId non-ascii", "\"eventId\":\"é1\"", "eventId", INVALID_CHARACTERS, "eventId may only contain letters, digits and . _ : -"),
                arguments("userId 257", "\"userId\":\"" + "u".repeat(257) + "\"", "userId", TOO_LONG, "userId must be at most 256 characters, got 257"),
                arguments("userId newline", "\"userId\":\"u\\n1\"", "userId", INVALID_CHARACTERS, "userId must not contain control characters"),
                arguments("userId null", "\"userId\":null", "userId", MISSING, "userId is required"),
                arguments("sessionId 129", "\"sessionId\":\"" + "s".repeat(129) + "\"", "sessionId", TOO_LONG, "sessionId must be at most 128 characters, got 129"),
                arguments("type missing", "\"type\":null", "type", MISSING, "type is required"),
                arguments("type upper case", "\"type\":\"VIEW\"", "type", UNSUPPORTED_VALUE, "type must be one of view, search, add_to_cart, remove_from_cart, purchase, review, rating"),
                arguments("itemId missing on view", "\"itemId\":null", "itemId", MISSING, "itemId is required for view events"),
                arguments("itemId 129", "\"itemId\":\"" + "i".repeat(129) + "\"", "itemId", TOO_LONG, "itemId must be at most 128 characters, got 129"),
                arguments("category 257", "\"category\":\"" + "c".repeat(257) + "\"", "category", TOO_LONG, "category must be at most 256 characters, got 257"),
                arguments("brand empty", "\"brand\":\"\"", "brand", EMPTY, "brand must not be empty"),
                arguments("price string", "\"price\":\"1\"", "price", WRONG_TYPE, "price must be a number"),
                arguments("price overflowing double", "\"price\":1e400", "price", OUT_OF_RANGE, "price must be a finite number"),
                arguments("currency number", "\"currency\":978", "currency", WRONG_TYPE, "currency must be a string"),
                arguments("currency digits", "\"currency\":\"E1R\"", "currency", INVALID_FORMAT, "currency must be a 3-letter ISO 4217 code such as EUR"),
                arguments("quantity fraction", "\"quantity\":1.5", "quantity", WRONG_TYPE, "quantity must be an integer"),
                arguments("quantity 0", "\"quantity\":0", "quantity", OUT_OF_RANGE, "quantity must be between 1 and 2147483647"),
                arguments("quantity 2^31", "\"quantity\":2147483648", "quantity", OUT_OF_RANGE, "quantity must be between 1 and 2147483647"),
                arguments("query 513", "\"query\":\"" + "q".repeat(513) + "\"", "query", TOO_LONG, "query must be at most 512 characters, got 513"),
                arguments("reviewText 10001", "\"reviewText\":\"" + "r".repeat(10_001) + "\"", "reviewText", TOO_LONG, "reviewText must be at most 10000 characters, got 10001"),
                arguments("reviewText bell", "\"reviewText\":\"ding\\u0007\"", "reviewText", INVALID_CHARACTERS, "reviewText must not contain control characters other than tab and line breaks"),
                arguments("rating string", "\"rating\":\"5\"", "rating", WRONG_TYPE, "rating must be an integer"),
                arguments("rating 0", "\"rating\":0", "rating", OUT_OF_RANGE, "rating must be between 1 and 5"),
                arguments("timestamp bad string", "\"timestamp\":\"2025-03-01 10:00\"", "timestamp", INVALID_FORMAT, "timestamp must be an ISO-8601 instant such as 2025-01-31T12:00:00Z"),
                arguments("timestamp boolean", "\"timestamp\":true", "timestamp", WRONG_TYPE, "timestamp must be an ISO-8601 string or an integer number of epoch milliseconds"),
                arguments("timestamp fraction", "\"timestamp\":1740823200000.5", "timestamp", WRONG_TYPE, "timestamp must be an ISO-8601 string or an integer number of epoch milliseconds"),
                arguments("timestamp negative", "\"timestamp\":-1", "timestamp", OUT_OF_RANGE, "timestamp must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z"),
                arguments("timestamp beyond long", "\"timestamp\":99999999999999999999", "timestamp", OUT_OF_RANGE, "timestamp must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z"),
                arguments("timestamp before 1970", "\"timestamp\":\"1969-12-31T23:59:59Z\"", "timestamp", OUT_OF_RANGE, "timestamp must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z"),
                arguments("context string", "\"context\":\"x\"", "context", WRONG_TYPE, "context must be an object"),
                arguments("context unknown", "\"context\":{\"ipAddress\":\"1.2.3.4\"}", "context.ipAddress", UNKNOWN_FIELD, "unknown field context.ipAddress"),
                arguments("context ip number", "\"context\":{\"ip\":1}", "context.ip", WRONG_TYPE, "context.ip must be a string"),
                arguments("context userAgent 2049", "\"context\":{\"userAgent\":\"" + longUa + "\"}", "context.userAgent", TOO_LONG, "context.userAgent must be at most 2048 characters, got 2049"),
                arguments("consent string", "\"consent\":\"yes\"", "consent", WRONG_TYPE, "consent must be an object"),
                arguments("consent empty", "\"consent\":{}", "consent.personalisation", MISSING, "consent.personalisation is required in a consent object (true or false)"),
                arguments("consent string flag", "\"consent\":{\"personalisation\":\"no\"}", "consent.personalisation", WRONG_TYPE, "consent.personalisation must be true or false"),
                arguments("consent unknown flag", "\"consent\":{\"personalisation\":true,\"marketing\":false}", "consent.marketing", UNKNOWN_FIELD, "unknown field consent.marketing"),
                arguments("misspelt field", "\"Timestamp\":1", "Timestamp", UNKNOWN_FIELD, "unknown field Timestamp (did you mean timestamp?)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejections")
    void shouldRejectEachBrokenRuleWithItsFieldCodeAndMessage(
            String name, String fields, String field, ViolationCode code, String message) throws Exception {
        // Later duplicates would be a parse error, so the base event omits what the case sets.
        String json = "{" + withoutOverriddenFields(fields) + "," + fields + "}";

        assertThat(validate(json).violations()).containsExactly(new Violation(field, code, message));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("typeRequirements")
    void shouldRequireTheFieldsOfEachType(String type, String field) throws Exception {
        String json = "{\"eventId\":\"e1\",\"userId\":\"u1\",\"type\":\"" + type + "\"}";

        assertThat(validate(json).violations()).contains(
                new Violation(field, MISSING, field + " is required for " + type + " events"));
    }

    static Stream<Arguments> typeRequirements() {
        return Stream.of(arguments("view", "itemId"), arguments("add_to_cart", "itemId"),
                arguments("remove_from_cart", "itemId"), arguments("purchase", "itemId"),
                arguments("review", "itemId"), arguments("rating", "itemId"), arguments("search", "query"),
                arguments("review", "reviewText"), arguments("rating", "rating"));
    }

    private static String withoutOverriddenFields(String fields) {
        StringBuilder base = new StringBuilder();
        for (String pair : VIEW.split(",")) {
            String name = pair.substring(0, pair.indexOf(':'));
            if (!fields.startsWith(name + ":")) {
                base.append(base.isEmpty() ? "" : ",").append(pair);
            }
        }
        return base.toString();
    }

    @Test
    void shouldAcceptAUserIdGivenOutsideAnEventByTheSameRulesAsTheUserIdField() {
        assertThat(EventValidator.validateUserId("shop 1:ä+x/42")).isEmpty();
        assertThat(EventValidator.validateUserId("u".repeat(256))).isEmpty();
    }

    @Test
    void shouldRejectAUserIdGivenOutsideAnEventWithTheMessagesOfTheUserIdField() {
        assertThat(EventValidator.validateUserId("u".repeat(257))).containsExactly(
                new Violation("userId", TOO_LONG, "userId must be at most 256 characters, got 257"));
        assertThat(EventValidator.validateUserId("u\u0000x")).containsExactly(
                new Violation("userId", INVALID_CHARACTERS, "userId must not contain control characters"));
        assertThat(EventValidator.validateUserId("  ")).containsExactly(
                new Violation("userId", EMPTY, "userId must not be empty"));
    }
}
