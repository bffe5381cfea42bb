package io.profilestream.ml.segment;

import static io.profilestream.model.event.EventType.ADD_TO_CART;
import static io.profilestream.model.event.EventType.PURCHASE;
import static io.profilestream.model.event.EventType.VIEW;

import io.profilestream.model.profile.DecayedScores;
import io.profilestream.model.profile.PriceBand;
import io.profilestream.model.profile.Rfm;
import io.profilestream.model.profile.UserProfile;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Literal profiles for the segment tests. */
final class TestSegmentProfiles {

    static final Instant LAST = Instant.parse("2025-03-03T00:00:00Z");
    static final Instant AS_OF = Instant.parse("2025-03-04T00:00:00Z");

    private TestSegmentProfiles() {
    }

    /**
     * 9 events (6 views, 2 carts, 1 purchase) in 3 sessions, affinity a 3 : b 1, one priced event
     * at 9, last event a day before {@link #AS_OF}.
     */
    static UserProfile shopper() {
        return profile(9, 3, 2, 1, Map.of("a", 3.0, "b", 1.0), new PriceBand(1, Math.log(9.0), 0), LAST);
    }

    static UserProfile profile(long events, long sessions, long carts, long purchases, Map<String, Double> affinity,
                               PriceBand price, Instant last) {
        return new UserProfile("u", events, Map.of(VIEW, events - carts - purchases, ADD_TO_CART, carts, PURCHASE, purchases),
                new DecayedScores(last, affinity), DecayedScores.empty(), price, Rfm.empty(), sessions, "s",
                List.of(), List.of(), last.minusSeconds(3600), last);
    }
}
