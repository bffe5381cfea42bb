package io.profilestream.generator;

import java.math.BigDecimal;

/**
 * One item of the synthetic catalogue.
 *
 * @param itemId       stable id ({@code p} + number)
 * @param category     category path
 * @param brand        brand
 * @param price        unit price, two decimals
 * @param categoryRank popularity rank within its category, 0 = most popular
 */
public record GeneratedItem(String itemId, String category, String brand, BigDecimal price, int categoryRank) {
}
