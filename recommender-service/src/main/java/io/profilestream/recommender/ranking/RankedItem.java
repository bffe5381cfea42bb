package io.profilestream.recommender.ranking;

import io.profilestream.model.catalogue.CatalogueItem;

/**
 * One recommended item with the parts its score was made of.
 *
 * @param item             the catalogue entry
 * @param score            the ranking score
 * @param categoryAffinity the user's share of interest in the item's category, 0..1
 * @param brandAffinity    the user's share of interest in the item's brand, 0..1
 * @param popularity       current popularity relative to the most popular candidate, 0..1
 */
public record RankedItem(CatalogueItem item, double score, double categoryAffinity, double brandAffinity,
                         double popularity) {
}
