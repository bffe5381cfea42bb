package io.profilestream.ingest.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.profilestream.model.event.ItemUpdate;
import io.profilestream.model.topic.Topics;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NetworkException;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;

class ItemsApiTest extends IngestApiTestSupport {

    private static ProducerRecord<String, ItemUpdate> record(ItemUpdate item) {
        return new ProducerRecord<>(Topics.ITEMS.name(), null, RECEIVED_AT.toEpochMilli(), item.itemId(), item);
    }

    private void expectRejection(String body, String field, String code, String message) throws Exception {
        post("/v1/items", MediaType.APPLICATION_JSON, body)
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(content().json(invalidEntriesProblem("items", "/v1/items", 1,
                        List.of(error(0, field, code, message))), JsonCompareMode.STRICT));
        assertThat(items().history()).isEmpty();
    }

    @Test
    void shouldPublishNormalisedItemsKeyedByItemId() throws Exception {
        post("/v1/items", MediaType.APPLICATION_JSON, """
                [{"itemId":"sku-1","category":"  Electronics.Phones ","brand":" ACME ","price":199.00,
                  "currency":"usd","inStock":false,"updatedAt":"2025-02-28T12:00:00Z"},
                 {"itemId":"sku-2","category":"books"}]
                """)
                .andExpect(status().isAccepted())
                .andExpect(content().contentType(MediaType.APPLICATION_JSON))
                .andExpect(content().json("""
                        {"accepted":2,"rejected":0,"results":[
                          {"index":0,"itemId":"sku-1","status":"accepted"},
                          {"index":1,"itemId":"sku-2","status":"accepted"}]}
                        """, JsonCompareMode.STRICT));

        assertThat(items().history()).containsExactly(
                record(new ItemUpdate("sku-1", "electronics.phones", "acme", new BigDecimal("199.00"), "USD", false,
                        Instant.parse("2025-02-28T12:00:00Z"))),
                record(new ItemUpdate("sku-2", "books", null, null, null, true, RECEIVED_AT)));
    }

    @Test
    void shouldAcceptSingleItemObjectAndReportRejectedOnesOfAMixedBatch() throws Exception {
        post("/v1/items", MediaType.APPLICATION_JSON, """
                [{"itemId":"sku-1","category":"books","updatedAt":1740823200000}, {"itemId":"sku-2"}]
                """)
                .andExpect(status().isAccepted())
                .andExpect(content().json("""
                        {"accepted":1,"rejected":1,"results":[
                          {"index":0,"itemId":"sku-1","status":"accepted"},
                          {"index":1,"itemId":"sku-2","status":"rejected","errors":[
                            {"field":"category","code":"missing","message":"category is required"}]}]}
                        """, JsonCompareMode.STRICT));

        assertThat(items().history()).containsExactly(record(
                new ItemUpdate("sku-1", "books", null, null, null, true, Instant.parse("2025-03-01T10:00:00Z"))));
    }

    @Test
    void shouldAnswer415ForNdjsonItems() throws Exception {
        post("/v1/items", NDJSON, "{\"itemId\":\"sku-1\",\"category\":\"books\"}")
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void shouldAnswer400MalformedJsonForABrokenItemsBody() throws Exception {
        post("/v1/items", MediaType.APPLICATION_JSON, "[{\"itemId\":\"sku-1\",\"category\":\"books\"}")
                .andExpect(status().isBadRequest())
                .andExpect(content().json("""
                        {"type":"urn:profilestream:problem:malformed-json","title":"Malformed JSON","status":400,
                         "detail":"invalid JSON at line 1, column 39: Unexpected end-of-input: expected close marker for Array (opened at line 1, column 1)",
                         "instance":"/v1/items","requestId":"test-request-1","line":1,"column":39}
                        """, JsonCompareMode.STRICT));
        assertThat(items().history()).isEmpty();
    }

    @Test
    void shouldAnswer503WhenTheBrokerIsUnreachable() throws Exception {
        post("/v1/items", MediaType.APPLICATION_JSON, "{\"itemId\":\"sku-1\",\"category\":\"books\"}",
                send -> new NetworkException("connection refused"))
                .andExpect(BrokerUnavailableAnswer.afterStoring("/v1/items", 0, 1));
    }

    @Test
    void shouldRejectItemWithoutCategory() throws Exception {
        expectRejection("{\"itemId\":\"sku-1\"}", "category", "missing", "category is required");
    }

    @Test
    void shouldRejectInStockOfWrongType() throws Exception {
        expectRejection("{\"itemId\":\"sku-1\",\"category\":\"books\",\"inStock\":\"yes\"}",
                "inStock", "wrong_type", "inStock must be true or false");
    }

    @Test
    void shouldRejectUnknownItemField() throws Exception {
        expectRejection("{\"itemId\":\"sku-1\",\"category\":\"books\",\"stock\":3}",
                "stock", "unknown_field", "unknown field stock");
    }

    @Test
    void shouldRejectBlankCategory() throws Exception {
        expectRejection("{\"itemId\":\"sku-1\",\"category\":\" \"}", "category", "empty", "category must not be empty");
    }

    @Test
    void shouldRejectTooLongBrand() throws Exception {
        expectRejection("{\"itemId\":\"sku-1\",\"category\":\"books\",\"brand\":\"" + "b".repeat(129) + "\"}",
                "brand", "too_long", "brand must be at most 128 characters, got 129");
    }

    @Test
    void shouldRejectItemIdWithControlCharacters() throws Exception {
        expectRejection("{\"itemId\":\"sku\\u0007\",\"category\":\"books\"}",
                "itemId", "invalid_characters", "itemId must not contain control characters");
    }

    @Test
    void shouldRejectUnparseableUpdatedAt() throws Exception {
        expectRejection("{\"itemId\":\"sku-1\",\"category\":\"books\",\"updatedAt\":\"yesterday\"}",
                "updatedAt", "invalid_format", "updatedAt must be an ISO-8601 instant such as 2025-01-31T12:00:00Z");
    }

    @Test
    void shouldRejectNegativePrice() throws Exception {
        expectRejection("{\"itemId\":\"sku-1\",\"category\":\"books\",\"price\":-0.01}",
                "price", "out_of_range", "price must be greater than or equal to 0");
    }

    @Test
    void shouldRejectNonObjectItem() throws Exception {
        expectRejection("[\"sku-1\"]", "$", "wrong_type", "an item must be a JSON object");
    }
}
