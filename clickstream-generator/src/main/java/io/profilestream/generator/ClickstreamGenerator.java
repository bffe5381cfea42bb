package io.profilestream.generator;

import io.profilestream.model.event.EventType;
import io.profilestream.model.event.RawEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * An endless, seeded stream of realistic shop events, session by session: shoppers with stable
 * category tastes and favourite brands, Zipf item popularity, searches, a view → cart →
 * purchase funnel with removals, and reviews and ratings after purchases.
 *
 * <p>Events come out in session order; sessions start in time order, so events of overlapping
 * sessions may interleave slightly out of time order, as they do in real shop logs. Each event
 * is a {@link RawEvent} without {@code receivedAt}, i.e. the body a shop would POST to ingest.
 */
public final class ClickstreamGenerator implements Iterator<RawEvent> {

    private static final List<String> POSITIVE = List.of(
            "Exactly as described, very happy with it", "Great value for the price",
            "Works perfectly, would buy again", "Excellent quality and fast delivery");
    private static final List<String> NEGATIVE = List.of(
            "Stopped working after a week", "Cheap materials, not worth the money",
            "Not as described, returning it", "Disappointed with the quality");

    private final GeneratorSettings settings;
    private final SyntheticCatalogue catalogue;
    private final SplittableRandom random;
    private final List<Shopper> shoppers = new ArrayList<>();
    private final ZipfSampler userActivity;
    private final String eventIdPrefix;
    private final ArrayDeque<RawEvent> pending = new ArrayDeque<>();
    private long clockMillis;
    private long eventCounter;

    /**
     * @param settings      the stream's shape
     * @param eventIdPrefix prefix of every event id; give each run its own so a re-run on the
     *                      same topics is not de-duplicated away
     */
    public ClickstreamGenerator(GeneratorSettings settings, String eventIdPrefix) {
        this.settings = settings;
        this.catalogue = new SyntheticCatalogue(settings);
        this.random = new SplittableRandom(settings.seed());
        this.eventIdPrefix = eventIdPrefix;
        ZipfSampler categoryPopularity = new ZipfSampler(catalogue.categories().size(), 0.7);
        for (int u = 0; u < settings.users(); u++) {
            shoppers.add(new Shopper(String.format("user-%06d", u), catalogue, categoryPopularity, random));
        }
        // Mild skew: a minority of shoppers come back far more often, as in real logs.
        this.userActivity = new ZipfSampler(settings.users(), 0.5);
        this.clockMillis = settings.start().toEpochMilli();
    }

    /** The catalogue the events refer to. */
    public SyntheticCatalogue catalogue() {
        return catalogue;
    }

    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public RawEvent next() {
        while (pending.isEmpty()) {
            generateSession();
        }
        RawEvent e = pending.poll();
        if (e == null) {
            throw new NoSuchElementException();
        }
        return e;
    }

    /** The next {@code n} events. */
    public List<RawEvent> take(int n) {
        List<RawEvent> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(next());
        }
        return out;
    }

    private void generateSession() {
        clockMillis += exponential(settings.meanSessionGap().toMillis());
        Shopper shopper = shoppers.get(userActivity.sample(random));
        String sessionId = shopper.userId + "-s" + (++shopper.sessions);
        long t = clockMillis;
        int steps = 1 + geometric(settings.meanSessionEvents() - 1);
        int category = shopper.pickCategory(random, catalogue.categories().size());
        List<GeneratedItem> cart = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
            if (step > 0 && random.nextDouble() < 0.3) {
                category = shopper.pickCategory(random, catalogue.categories().size());
            }
            if (random.nextDouble() < settings.searchRate()) {
                List<String> terms = catalogue.categories().get(category).searchTerms();
                emit(shopper, sessionId, t, EventType.SEARCH, null, null, terms.get(random.nextInt(terms.size())), null, null);
                t += exponential(settings.meanEventGap().toMillis());
                continue;
            }
            GeneratedItem item = pickItem(shopper, category);
            emit(shopper, sessionId, t, EventType.VIEW, item, null, null, null, null);
            t += exponential(settings.meanEventGap().toMillis());
            if (random.nextDouble() < settings.cartRate()) {
                emit(shopper, sessionId, t, EventType.ADD_TO_CART, item, quantity(), null, null, null);
                t += exponential(settings.meanEventGap().toMillis());
                if (random.nextDouble() < settings.removeRate()) {
                    emit(shopper, sessionId, t, EventType.REMOVE_FROM_CART, item, 1, null, null, null);
                    t += exponential(settings.meanEventGap().toMillis());
                } else {
                    cart.add(item);
                }
            }
        }
        for (GeneratedItem item : cart) {
            if (random.nextDouble() >= settings.purchaseRate()) {
                continue;
            }
            emit(shopper, sessionId, t, EventType.PURCHASE, item, quantity(), null, null, null);
            t += exponential(settings.meanEventGap().toMillis());
            if (random.nextDouble() < settings.reviewRate()) {
                int stars = stars();
                List<String> texts = stars >= 4 ? POSITIVE : NEGATIVE;
                emit(shopper, sessionId, t, EventType.REVIEW, item, null, null, texts.get(random.nextInt(texts.size())), stars);
                t += exponential(settings.meanEventGap().toMillis());
            }
            if (random.nextDouble() < settings.ratingRate()) {
                emit(shopper, sessionId, t, EventType.RATING, item, null, null, null, stars());
                t += exponential(settings.meanEventGap().toMillis());
            }
        }
    }

    private GeneratedItem pickItem(Shopper shopper, int category) {
        String brand = shopper.favouriteBrand(category);
        GeneratedItem item = catalogue.sampleItem(category, random);
        // Brand loyalty: re-draw a few times looking for the favourite brand.
        for (int attempt = 0; brand != null && attempt < 3 && !brand.equals(item.brand()); attempt++) {
            if (random.nextDouble() < 0.5) {
                item = catalogue.sampleItem(category, random);
            }
        }
        return item;
    }

    private void emit(Shopper shopper, String sessionId, long t, EventType type, GeneratedItem item,
                      Integer quantity, String query, String reviewText, Integer rating) {
        String category = item == null ? catalogue.categories().get(0).path() : item.category();
        if (type == EventType.SEARCH) {
            category = null;
        }
        BigDecimal price = item == null ? null : item.price();
        pending.add(new RawEvent(RawEvent.CURRENT_SCHEMA_VERSION, eventIdPrefix + "-" + (eventCounter++),
                shopper.userId, sessionId, type, item == null ? null : item.itemId(), category,
                item == null ? null : item.brand(), price, price == null ? null : settings.currency(),
                quantity, query, reviewText, rating, Instant.ofEpochMilli(t), null, null));
    }

    private int quantity() {
        return random.nextDouble() < 0.9 ? 1 : 2;
    }

    /** Star ratings skewed to 5, as in public review data (e.g. Amazon Beauty: 88 % five stars). */
    private int stars() {
        double u = random.nextDouble();
        return u < 0.6 ? 5 : u < 0.8 ? 4 : u < 0.88 ? 3 : u < 0.94 ? 2 : 1;
    }

    private long exponential(long mean) {
        return Math.max(1, Math.round(-mean * Math.log(1 - random.nextDouble())));
    }

    private int geometric(double mean) {
        if (mean <= 0) {
            return 0;
        }
        double p = 1 / (1 + mean);
        return (int) Math.floor(Math.log(1 - random.nextDouble()) / Math.log(1 - p));
    }
}
