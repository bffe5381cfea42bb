package io.profilestream.ingest.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;

/** One request per rejection code of {@code POST /v1/events}, asserting the exact problem document. */
class EventRejectionApiTest extends IngestApiTestSupport {

    private void expectRejection(MediaType type, String body, String field, String code, String message) throws Exception {
        post("/v1/events", type, body)
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(content().json(invalidEntriesProblem("events", "/v1/events", 1,
                        List.of(error(0, field, code, message))), JsonCompareMode.STRICT));
        assertThat(rawEvents().history()).isEmpty();
    }

    private void expectRejection(String body, String field, String code, String message) throws Exception {
        expectRejection(MediaType.APPLICATION_JSON, body, field, code, message);
    }

    @Test
    void shouldRejectMissingUserId() throws Exception {
        expectRejection("{\"eventId\":\"e1\",\"type\":\"view\",\"itemId\":\"i1\"}",
                "userId", "missing", "userId is required");
    }

    @Test
    void shouldRejectPriceOfWrongType() throws Exception {
        expectRejection("{\"eventId\":\"e1\",\"userId\":\"u1\",\"type\":\"view\",\"itemId\":\"i1\",\"price\":\"9.99\"}",
                "price", "wrong_type", "price must be a number");
    }

    @Test
    void shouldRejectUnknownFieldAndSuggestTheRightName() throws Exception {
        expectRejection("{\"eventId\":\"e1\",\"user_id\":\"u1\",\"userId\":\"u1\",\"type\":\"view\",\"itemId\":\"i1\"}",
                "user_id", "unknown_field", "unknown field user_id (did you mean userId?)");
    }

    @Test
    void shouldRejectEmptyUserId() throws Exception {
        expectRejection("{\"eventId\":\"e1\",\"userId\":\"  \",\"type\":\"view\",\"itemId\":\"i1\"}",
                "userId", "empty", "userId must not be empty");
    }

    @Test
    void shouldRejectTooLongEventId() throws Exception {
        expectRejection("{\"eventId\":\"" + "e".repeat(129) + "\",\"userId\":\"u1\",\"type\":\"view\",\"itemId\":\"i1\"}",
                "eventId", "too_long", "eventId must be at most 128 characters, got 129");
    }

    @Test
    void shouldRejectEventIdWithCharactersOutsideTheIdAlphabet() throws Exception {
        expectRejection("{\"eventId\":\"e 1\",\"userId\":\"u1\",\"type\":\"view\",\"itemId\":\"i1\"}",
                "eventId", "invalid_characters", "eventId may only contain letters, digits and . _ : -");
    }

    @Test
    void shouldRejectCurrencyThatIsNotThreeLetters() throws Exception {
        expectRejection("{\"eventId\":\"e1\",\"userId\":\"u1\",\"type\":\"view\",\"itemId\":\"i1\",\"currency\":\"EURO\"}",
                "currency", "invalid_format", "currency must be a 3-letter ISO 4217 code such as EUR");
    }

    @Test
    void shouldRejectRatingOutOfRange() throws Exception {
        expectRejection("{\"eventId\":\"e1\",\"userId\":\"u1\",\"type\":\"rating\",\"itemId\":\"i1\",\"rating\":6}",
                "rating", "out_of_range", "rating must be between 1 and 5");
    }

    @Test
    void shouldRejectUnknownEventType() throws Exception {
        expectRejection("{\"eventId\":\"e1\",\"userId\":\"u1\",\"type\":\"click\",\"itemId\":\"i1\"}",
                "type", "unsupported_value",
                "type must be one of view, search, add_to_cart, remove_from_cart, purchase, review, rating");
    }

    @Test
    void shouldRejectUnsupportedSchemaVersion() throws Exception {
        expectRejection("{\"schemaVersion\":2,\"eventId\":\"e1\",\"userId\":\"u1\",\"type\":\"view\",\"itemId\":\"i1\"}",
                "schemaVersion", "unsupported_version", "schemaVersion 2 is not supported; this service accepts 1");
    }

    @Test
    void shouldRejectMalformedNdjsonLine() throws Exception {
        expectRejection(NDJSON, "\n{\"eventId\":\"e1\",\"userId\":u1}\n", "$", "malformed_json",
                "line 2, column 29 is not valid JSON: Unrecognized token 'u1': was expecting"
                        + " (JSON String, Number, Array, Object or token 'null', 'true' or 'false')");
    }
}
