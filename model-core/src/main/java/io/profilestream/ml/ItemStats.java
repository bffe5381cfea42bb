package io.profilestream.ml;

import java.util.Arrays;

/**
 * What the training data says about each vocabulary item, needed by the ranker's features at
 * serving time as much as in training: its click count (popularity) and its category.
 */
public final class ItemStats {

    private final int[] clicks;
    private final String[] categories;
    private final float[] logPopularity;

    /**
     * @param clicks     training clicks per vocabulary item (&gt;= 0)
     * @param categories category per vocabulary item, "" when unknown (never null)
     * @throws IllegalArgumentException on different lengths, a negative count or a null category
     */
    public ItemStats(int[] clicks, String[] categories) {
        if (clicks.length != categories.length) {
            throw new IllegalArgumentException("clicks cover " + clicks.length + " items but categories "
                    + categories.length);
        }
        this.clicks = clicks.clone();
        this.categories = categories.clone();
        this.logPopularity = new float[clicks.length];
        for (int i = 0; i < clicks.length; i++) {
            if (clicks[i] < 0 || categories[i] == null) {
                throw new IllegalArgumentException("item " + i + " has a negative click count or a null category");
            }
            logPopularity[i] = (float) Math.log1p(clicks[i]);
        }
    }

    /** No clicks and no category for any of {@code items} items. */
    public static ItemStats empty(int items) {
        String[] none = new String[items];
        Arrays.fill(none, "");
        return new ItemStats(new int[items], none);
    }

    /** Number of items. */
    public int size() {
        return clicks.length;
    }

    /** Training clicks of item {@code i}. */
    public int clicks(int i) {
        return clicks[i];
    }

    /** Category of item {@code i}, "" when unknown. */
    public String category(int i) {
        return categories[i];
    }

    /** Whether any item has a category. */
    public boolean hasCategories() {
        for (String c : categories) {
            if (!c.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** ln(1 + clicks) per item (shared, do not modify). */
    public float[] logPopularity() {
        return logPopularity;
    }

    /** Category per item (shared, do not modify). */
    public String[] categories() {
        return categories;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ItemStats s && Arrays.equals(clicks, s.clicks) && Arrays.equals(categories, s.categories);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(clicks) + Arrays.hashCode(categories);
    }
}
