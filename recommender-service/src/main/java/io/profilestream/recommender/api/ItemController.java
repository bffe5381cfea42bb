package io.profilestream.recommender.api;

import io.profilestream.model.catalogue.CatalogueItem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/items/{itemId}}: the catalogue entry the recommender ranks with. */
@RestController
@Tag(name = "catalogue", description = "The item catalogue recommendations are made from")
public class ItemController {

    private final StoreQueries stores;

    public ItemController(StoreQueries stores) {
        this.stores = stores;
    }

    /** The item's catalogue entry; 404 when the catalogue has none. */
    @GetMapping("/v1/items/{itemId}")
    @Operation(summary = "The catalogue entry the recommender ranks an item with",
            description = "The shop's description of the item merged with its popularity from clean events. "
                    + "popularity is expressed at popularityAsOf and decays with "
                    + "profilestream.recommender.popularity-half-life (1 day by default).")
    @ApiResponse(responseCode = "200", description = "The item's catalogue entry", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = CatalogueItem.class),
            examples = @ExampleObject(name = "item", value = ApiExamples.ITEM)))
    @ApiResponse(responseCode = "404", description = "No catalogue entry for the item "
            + "(problem type urn:profilestream:problem:item-not-found)", content = @Content(
            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "item-not-found", value = ApiExamples.ITEM_NOT_FOUND)))
    @ApiResponse(responseCode = "503", description = "The catalogue cannot be read right now; retry after the "
            + "Retry-After seconds (problem type urn:profilestream:problem:store-unavailable)",
            headers = @Header(name = HttpHeaders.RETRY_AFTER, description = "Seconds to wait before retrying",
                    schema = @Schema(type = "integer", example = "1")),
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "store-unavailable", value = ApiExamples.ITEM_UNAVAILABLE)))
    @ApiResponse(responseCode = "500", description = "Unexpected error (problem type "
            + "urn:profilestream:problem:internal-error)", content = @Content(
            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "internal-error", value = ApiExamples.INTERNAL_ERROR)))
    public CatalogueItem item(@Parameter(description = "The shop's item id, percent-encoded as one path segment",
                                      example = "sku-1042")
                              @PathVariable String itemId) {
        return stores.catalogueItem(itemId).orElseThrow(() -> new ItemNotFoundException(itemId));
    }
}
