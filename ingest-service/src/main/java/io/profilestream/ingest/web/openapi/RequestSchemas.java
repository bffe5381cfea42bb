package io.profilestream.ingest.web.openapi;

import io.profilestream.model.event.EventType;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.AdditionalPropertiesValue;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The OpenAPI schemas of the request bodies. The controllers read bodies as JSON trees and
 * validate them by hand ({@code EventValidator}, {@code ItemValidator}), which gives precise
 * per-entry errors but nothing springdoc could describe, so these records describe what the
 * validators accept. They are never instantiated; {@code OpenApiSpecTest} checks that their
 * fields are exactly the fields the validators know.
 */
public final class RequestSchemas {

    private RequestSchemas() {
    }

    /** One shop event, as {@code POST /v1/events} accepts it. */
    @Schema(name = "ShopEvent", additionalProperties = AdditionalPropertiesValue.FALSE, description = """
            One shopper interaction. Unknown fields are rejected (code `unknown_field`), so a typo never loses data; \
            a field that is `null` counts as absent. String lengths are counted in Unicode code points, and strings \
            must not be blank. Which fields are required depends on `type`: every type but `search` needs `itemId`, \
            `search` needs `query`, `review` needs `reviewText`, `rating` needs `rating`.""")
    public record ShopEvent(
            @Schema(description = "Version of this schema; only 1 is accepted. Defaults to 1.",
                    minimum = "1", maximum = "1", example = "1")
            Integer schemaVersion,
            @Schema(requiredMode = RequiredMode.REQUIRED, maxLength = 128, pattern = "^[A-Za-z0-9._:-]+$",
                    description = "The shop's unique id of the event; events are de-duplicated by it downstream, "
                            + "so a retried request stores nothing twice.", example = "e-1001")
            String eventId,
            @Schema(requiredMode = RequiredMode.REQUIRED, maxLength = 256,
                    description = "The shop's id of the shopper, any string without control characters. "
                            + "Pseudonymised by the privacy filter; the raw id is deleted from Kafka once processed.",
                    example = "shopper-42")
            String userId,
            @Schema(maxLength = 128, description = "The shop's session id, if any.", example = "s-9")
            String sessionId,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "What the shopper did.", example = "view")
            EventType type,
            @Schema(maxLength = 128, description = "The item concerned; required for every type but `search`.",
                    example = "sku-123")
            String itemId,
            @Schema(maxLength = 256, description = "The item's category path, dot-separated.",
                    example = "shoes.running")
            String category,
            @Schema(maxLength = 128, example = "Acme")
            String brand,
            @Schema(minimum = "0", description = "Unit price, a JSON number (not a string); kept exactly as written.",
                    example = "89.90")
            BigDecimal price,
            @Schema(pattern = "^[A-Za-z]{3}$", description = "ISO 4217 code of `price`, any case.", example = "EUR")
            String currency,
            @Schema(minimum = "1", description = "How many units (cart and purchase events).", example = "1")
            Integer quantity,
            @Schema(maxLength = 512, description = "The search terms; required for `search`.", example = "red shoes")
            String query,
            @Schema(maxLength = 10_000, description = "The review; required for `review`. Tabs and line breaks are "
                    + "allowed, other control characters are not.", example = "Comfortable from the first run.")
            String reviewText,
            @Schema(minimum = "1", maximum = "5", description = "Stars; required for `rating`.", example = "4")
            Integer rating,
            @Schema(oneOf = {Instant.class, Long.class}, description = """
                    When the event happened: an ISO-8601 instant (offsets allowed) or integer epoch milliseconds, \
                    between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z. Defaults to the time ingest \
                    received the request.""", example = "2025-03-01T10:15:30Z")
            Object timestamp,
            @Schema(description = "Where the request came from. Only the raw topic holds it: the privacy filter's "
                    + "clean events carry no request context.")
            ShopEventContext context,
            @Schema(description = "The shopper's consent to personalisation, when the shop tracks it.")
            ShopEventConsent consent) {
    }

    /** The optional {@code context} of an event. */
    @Schema(name = "ShopEventContext", additionalProperties = AdditionalPropertiesValue.FALSE)
    public record ShopEventContext(
            @Schema(maxLength = 64, description = "The shopper's IP address.", example = "203.0.113.7")
            String ip,
            @Schema(maxLength = 2048, description = "The shopper's browser.", example = "Mozilla/5.0")
            String userAgent) {
    }

    /** The optional {@code consent} of an event. */
    @Schema(name = "ShopEventConsent", additionalProperties = AdditionalPropertiesValue.FALSE)
    public record ShopEventConsent(
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "false objects to profiling: the "
                    + "shopper's profile is deleted and later events are ignored until an event says true again.",
                    example = "true")
            Boolean personalisation) {
    }

    /** One catalogue entry, as {@code POST /v1/items} accepts it. */
    @Schema(name = "CatalogueItem", additionalProperties = AdditionalPropertiesValue.FALSE, description = """
            One catalogue entry; the latest update of an item replaces the previous one. Unknown fields are \
            rejected (code `unknown_field`); a field that is `null` counts as absent. Category and brand are \
            stored trimmed and in lower case, the currency in upper case.""")
    public record CatalogueItem(
            @Schema(requiredMode = RequiredMode.REQUIRED, maxLength = 128, description = "The shop's item id.",
                    example = "sku-123")
            String itemId,
            @Schema(requiredMode = RequiredMode.REQUIRED, maxLength = 256,
                    description = "Category path, dot-separated.", example = "shoes.running")
            String category,
            @Schema(maxLength = 128, example = "Acme")
            String brand,
            @Schema(minimum = "0", description = "Unit price, a JSON number.", example = "89.90")
            BigDecimal price,
            @Schema(pattern = "^[A-Za-z]{3}$", description = "ISO 4217 code of `price`, any case.", example = "EUR")
            String currency,
            @Schema(description = "Whether the item can be bought; defaults to true. Out-of-stock items are not "
                    + "recommended.", example = "true")
            Boolean inStock,
            @Schema(oneOf = {Instant.class, Long.class}, description = "When the shop changed the item: an ISO-8601 "
                    + "instant or integer epoch milliseconds, as `timestamp` of an event. Defaults to the time ingest "
                    + "received the request.", example = "2025-03-01T10:15:30Z")
            Object updatedAt) {
    }
}
