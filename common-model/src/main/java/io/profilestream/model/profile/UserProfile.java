package io.profilestream.model.profile;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.profilestream.model.event.EventType;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Everything ProfileStream knows about one pseudonymous shopper. Immutable; the profile-updater
 * derives each new version from the previous one and one clean event.
 *
 * @param userKey          the user's pseudonym
 * @param eventCount       events applied
 * @param counts           events applied per type
 * @param categoryAffinity decayed interest per category
 * @param brandAffinity    decayed interest per brand
 * @param priceBand        the prices the user engages with
 * @param rfm              recency / frequency / monetary figures
 * @param sessionCount     distinct sessions seen
 * @param lastSessionKey   pseudonym of the latest session, or null
 * @param recentItems      latest distinct items interacted with, most recent first
 * @param purchasedItems   latest distinct items bought, most recent first
 * @param firstEventTime   event time of the first event
 * @param lastEventTime    latest event time seen
 * @param neural           the next-item LSTM's state for the current session, or null while no
 *                         model is loaded or none of the user's items is known to it
 * @param text             signals from the user's scrubbed review texts and search queries; empty
 *                         (never null, and left out of the JSON) while no text model is configured
 */
public record UserProfile(
        String userKey,
        long eventCount,
        Map<EventType, Long> counts,
        DecayedScores categoryAffinity,
        DecayedScores brandAffinity,
        PriceBand priceBand,
        Rfm rfm,
        long sessionCount,
        String lastSessionKey,
        List<String> recentItems,
        List<String> purchasedItems,
        Instant firstEventTime,
        Instant lastEventTime,
        NeuralState neural,
        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = TextSignals.OmitWhenEmpty.class)
        TextSignals text) {

    public UserProfile {
        EnumMap<EventType, Long> sorted = new EnumMap<>(EventType.class);
        if (counts != null) {
            sorted.putAll(counts);
        }
        counts = Collections.unmodifiableMap(sorted);
        categoryAffinity = categoryAffinity == null ? DecayedScores.empty() : categoryAffinity;
        brandAffinity = brandAffinity == null ? DecayedScores.empty() : brandAffinity;
        priceBand = priceBand == null ? PriceBand.empty() : priceBand;
        rfm = rfm == null ? Rfm.empty() : rfm;
        recentItems = recentItems == null ? List.of() : List.copyOf(recentItems);
        purchasedItems = purchasedItems == null ? List.of() : List.copyOf(purchasedItems);
        text = text == null ? TextSignals.empty() : text;
    }

    /** A profile without text signals (the shape before {@link #text()} existed). */
    public UserProfile(String userKey, long eventCount, Map<EventType, Long> counts, DecayedScores categoryAffinity,
                       DecayedScores brandAffinity, PriceBand priceBand, Rfm rfm, long sessionCount,
                       String lastSessionKey, List<String> recentItems, List<String> purchasedItems,
                       Instant firstEventTime, Instant lastEventTime, NeuralState neural) {
        this(userKey, eventCount, counts, categoryAffinity, brandAffinity, priceBand, rfm, sessionCount, lastSessionKey,
                recentItems, purchasedItems, firstEventTime, lastEventTime, neural, null);
    }

    /** A profile without neural state (explicit features only). */
    public UserProfile(String userKey, long eventCount, Map<EventType, Long> counts, DecayedScores categoryAffinity,
                       DecayedScores brandAffinity, PriceBand priceBand, Rfm rfm, long sessionCount,
                       String lastSessionKey, List<String> recentItems, List<String> purchasedItems,
                       Instant firstEventTime, Instant lastEventTime) {
        this(userKey, eventCount, counts, categoryAffinity, brandAffinity, priceBand, rfm, sessionCount, lastSessionKey,
                recentItems, purchasedItems, firstEventTime, lastEventTime, null, null);
    }

    /** This profile with {@code state} as its neural part (text signals kept). */
    public UserProfile withNeural(NeuralState state) {
        return new UserProfile(userKey, eventCount, counts, categoryAffinity, brandAffinity, priceBand, rfm,
                sessionCount, lastSessionKey, recentItems, purchasedItems, firstEventTime, lastEventTime, state, text);
    }

    /** This profile with {@code signals} as its text signals (neural state kept). */
    public UserProfile withText(TextSignals signals) {
        return new UserProfile(userKey, eventCount, counts, categoryAffinity, brandAffinity, priceBand, rfm,
                sessionCount, lastSessionKey, recentItems, purchasedItems, firstEventTime, lastEventTime, neural, signals);
    }

    /** The profile of a user nothing is known about yet. */
    public static UserProfile empty(String userKey) {
        return new UserProfile(userKey, 0, Map.of(), DecayedScores.empty(), DecayedScores.empty(),
                PriceBand.empty(), Rfm.empty(), 0, null, List.of(), List.of(), null, null);
    }

    /** Events of one type applied so far. */
    public long count(EventType type) {
        return counts.getOrDefault(type, 0L);
    }
}
