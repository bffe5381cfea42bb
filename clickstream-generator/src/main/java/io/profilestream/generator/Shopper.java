package io.profilestream.generator;

import java.util.SplittableRandom;

/**
 * A synthetic shopper with stable tastes: two or three favourite categories that take most of
 * their attention, a favourite brand in each, and occasional exploration elsewhere.
 */
final class Shopper {

    /** Share of browse steps that ignore the favourites. */
    static final double EXPLORATION = 0.1;

    final String userId;
    final int[] favourites;
    final double[] favouriteCdf;
    final String[] favouriteBrands;
    int sessions;

    Shopper(String userId, SyntheticCatalogue catalogue, ZipfSampler categoryPopularity, SplittableRandom random) {
        this.userId = userId;
        int n = 2 + random.nextInt(2);
        favourites = new int[n];
        favouriteBrands = new String[n];
        for (int i = 0; i < n; i++) {
            int c;
            do {
                c = categoryPopularity.sample(random);
            } while (contains(favourites, i, c));
            favourites[i] = c;
            var brands = catalogue.categories().get(c).brands();
            favouriteBrands[i] = brands.get(random.nextInt(brands.size()));
        }
        // Decreasing weights 1, 1/2, 1/3 ... normalised: the first favourite dominates.
        favouriteCdf = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1.0 / (i + 1);
            favouriteCdf[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            favouriteCdf[i] /= sum;
        }
    }

    /** The category of the next browse step. */
    int pickCategory(SplittableRandom random, int categories) {
        if (random.nextDouble() < EXPLORATION) {
            return random.nextInt(categories);
        }
        double u = random.nextDouble();
        for (int i = 0; i < favouriteCdf.length; i++) {
            if (u <= favouriteCdf[i]) {
                return favourites[i];
            }
        }
        return favourites[favourites.length - 1];
    }

    /** The shopper's favourite brand in category {@code c}, or null when it is not a favourite. */
    String favouriteBrand(int c) {
        for (int i = 0; i < favourites.length; i++) {
            if (favourites[i] == c) {
                return favouriteBrands[i];
            }
        }
        return null;
    }

    private static boolean contains(int[] values, int length, int value) {
        for (int i = 0; i < length; i++) {
            if (values[i] == value) {
                return true;
            }
        }
        return false;
    }
}
