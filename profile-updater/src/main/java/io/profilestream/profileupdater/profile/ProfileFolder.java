package io.profilestream.profileupdater.profile;

import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.event.EventType;
import io.profilestream.model.profile.DecayedScores;
import io.profilestream.model.profile.PriceBand;
import io.profilestream.model.profile.Rfm;
import io.profilestream.model.profile.UserProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Derives the explicit features of the next version of a profile from the previous one and one
 * clean event; the previous {@link UserProfile#neural()} state is carried over unchanged (the
 * {@link io.profilestream.profileupdater.neural.NeuralStep} advances it). Pure and
 * deterministic: the same profile and event always give the same result, which is what lets the
 * Streams store be rebuilt from its changelog or the clean-events topic.
 */
public final class ProfileFolder {

    private final ProfileSettings settings;

    /** @param settings validated folding settings */
    public ProfileFolder(ProfileSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Applies one event.
     *
     * @param previous the profile so far, or null for a user seen for the first time
     * @param event    a clean event with a type and an event time
     * @return the new profile; {@code previous} is not modified
     */
    public UserProfile apply(UserProfile previous, CleanEvent event) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(event.type(), "event.type");
        Instant at = Objects.requireNonNull(event.eventTime(), "event.eventTime");
        UserProfile p = previous != null ? previous : UserProfile.empty(event.userKey());

        Map<EventType, Long> counts = new EnumMap<>(EventType.class);
        counts.putAll(p.counts());
        counts.merge(event.type(), 1L, Long::sum);

        double weight = weight(event);
        DecayedScores categories = addAffinity(p.categoryAffinity(), event.category(), weight, at);
        DecayedScores brands = addAffinity(p.brandAffinity(), event.brand(), weight, at);

        PriceBand priceBand = p.priceBand();
        if (event.price() != null && isPricedInterest(event.type())) {
            priceBand = priceBand.add(event.price().doubleValue());
        }

        Rfm rfm = p.rfm();
        if (event.type() == EventType.PURCHASE) {
            rfm = rfm.addPurchase(at, event.quantityOrOne(), event.price(), event.currency());
        }

        long sessionCount = p.sessionCount();
        String lastSessionKey = p.lastSessionKey();
        if (event.sessionKey() != null) {
            if (!event.sessionKey().equals(lastSessionKey)) {
                sessionCount++;
            }
            lastSessionKey = event.sessionKey();
        } else if (p.lastEventTime() == null
                || Duration.between(p.lastEventTime(), at).compareTo(settings.sessionGap()) > 0) {
            sessionCount++;
            // The latest session has no pseudonym: a later keyed event must not be taken for it.
            lastSessionKey = null;
        }

        List<String> recent = p.recentItems();
        List<String> purchased = p.purchasedItems();
        if (event.itemId() != null) {
            recent = pushFront(recent, event.itemId(), settings.recentItems());
            if (event.type() == EventType.PURCHASE) {
                purchased = pushFront(purchased, event.itemId(), settings.purchasedItems());
            }
        }

        Instant first = p.firstEventTime() == null || at.isBefore(p.firstEventTime()) ? at : p.firstEventTime();
        Instant last = p.lastEventTime() == null || at.isAfter(p.lastEventTime()) ? at : p.lastEventTime();

        // The neural and text parts are their steps' business: carried over untouched, never dropped.
        return new UserProfile(p.userKey(), p.eventCount() + 1, counts, categories, brands, priceBand, rfm,
                sessionCount, lastSessionKey, recent, purchased, first, last, p.neural(), p.text());
    }

    /** The affinity weight of one event under the configured weights; zero means "no signal". */
    double weight(CleanEvent event) {
        ProfileSettings.Weights w = settings.weights();
        return switch (event.type()) {
            case VIEW -> w.view();
            case SEARCH -> w.search();
            case ADD_TO_CART -> w.addToCart();
            case REMOVE_FROM_CART -> w.removeFromCart();
            case PURCHASE -> w.purchase();
            case REVIEW -> w.review();
            case RATING -> event.rating() == null ? 0.0 : Math.max(0.0, event.rating() - w.ratingNeutral());
        };
    }

    private DecayedScores addAffinity(DecayedScores scores, String key, double weight, Instant at) {
        // A zero weight would still move asOf forward; skipping keeps the stored form minimal.
        if (key == null || !(weight > 0)) {
            return scores;
        }
        return scores.add(key, weight, at, settings.affinityHalfLife(), settings.maxAffinityEntries());
    }

    /** Events whose price says what the shopper is willing to pay (not removals, reviews...). */
    private static boolean isPricedInterest(EventType type) {
        return type == EventType.VIEW || type == EventType.ADD_TO_CART || type == EventType.PURCHASE;
    }

    private static List<String> pushFront(List<String> items, String item, int max) {
        List<String> next = new ArrayList<>(Math.min(items.size() + 1, max));
        next.add(item);
        for (String existing : items) {
            if (next.size() == max) {
                break;
            }
            if (!existing.equals(item)) {
                next.add(existing);
            }
        }
        return next;
    }
}
