package io.profilestream.generator;

import io.profilestream.model.event.ItemUpdate;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Items spread over {@link CategorySpec#DEFAULTS}: bigger categories get more items (Zipf over
 * categories), prices are log-normal around each category's median, brands uniform.
 */
public final class SyntheticCatalogue {

    private final List<CategorySpec> categories;
    private final List<List<GeneratedItem>> itemsByCategory;
    private final List<GeneratedItem> all;
    private final List<ZipfSampler> itemSamplers;

    /** Builds the catalogue for {@code settings}; deterministic in its seed. */
    public SyntheticCatalogue(GeneratorSettings settings) {
        SplittableRandom random = new SplittableRandom(settings.seed() ^ 0x5DEECE66DL);
        categories = CategorySpec.DEFAULTS;
        ZipfSampler categorySize = new ZipfSampler(categories.size(), 0.7);
        int[] counts = new int[categories.size()];
        for (int c = 0; c < counts.length; c++) {
            counts[c] = 1; // every category has at least one item
        }
        for (int i = counts.length; i < settings.items(); i++) {
            counts[categorySize.sample(random)]++;
        }
        List<List<GeneratedItem>> byCategory = new ArrayList<>();
        List<GeneratedItem> flat = new ArrayList<>();
        List<ZipfSampler> samplers = new ArrayList<>();
        int next = 0;
        for (int c = 0; c < categories.size(); c++) {
            CategorySpec spec = categories.get(c);
            List<GeneratedItem> items = new ArrayList<>();
            for (int r = 0; r < counts[c]; r++) {
                double price = spec.medianPrice() * Math.exp(0.45 * random.nextGaussian());
                String brand = spec.brands().get(random.nextInt(spec.brands().size()));
                GeneratedItem item = new GeneratedItem("p" + (100000 + next++), spec.path(), brand,
                        BigDecimal.valueOf(price).setScale(2, RoundingMode.HALF_UP), r);
                items.add(item);
                flat.add(item);
            }
            byCategory.add(Collections.unmodifiableList(items));
            samplers.add(new ZipfSampler(items.size(), settings.itemZipfExponent()));
        }
        itemsByCategory = Collections.unmodifiableList(byCategory);
        all = Collections.unmodifiableList(flat);
        itemSamplers = Collections.unmodifiableList(samplers);
    }

    /** The categories, index-aligned with {@link #items(int)}. */
    public List<CategorySpec> categories() {
        return categories;
    }

    /** Items of category {@code c}, most popular first. */
    public List<GeneratedItem> items(int c) {
        return itemsByCategory.get(c);
    }

    /** Every item. */
    public List<GeneratedItem> all() {
        return all;
    }

    /** An item of category {@code c} drawn by its popularity. */
    GeneratedItem sampleItem(int c, SplittableRandom random) {
        return itemsByCategory.get(c).get(itemSamplers.get(c).sample(random));
    }

    /** The catalogue as updates for {@code POST /v1/items}, all in stock. */
    public List<ItemUpdate> asItemUpdates(String currency, Instant at) {
        return all.stream()
                .map(i -> new ItemUpdate(i.itemId(), i.category(), i.brand(), i.price(), currency, true, at))
                .toList();
    }
}
