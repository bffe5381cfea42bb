package io.profilestream.recommender.api;

import io.profilestream.model.catalogue.CatalogueItem;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/items/{itemId}}: the catalogue entry the recommender ranks with. */
@RestController
public class ItemController {

    private final StoreQueries stores;

    public ItemController(StoreQueries stores) {
        this.stores = stores;
    }

    /** The item's catalogue entry; 404 when the catalogue has none. */
    @GetMapping("/v1/items/{itemId}")
    public CatalogueItem item(@PathVariable String itemId) {
        return stores.catalogueItem(itemId).orElseThrow(() -> new ItemNotFoundException(itemId));
    }
}
