package io.profilestream.trainer.churn;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.event.Consent;
import io.profilestream.model.event.EventType;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.profileupdater.profile.ProfileSettings;
import io.profilestream.trainer.data.Interaction;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileReplayTest {

    private static CleanEvent event(String user, String item, int minute, Consent consent) {
        return new CleanEvent(1, item, user, "k1", "s-" + user, EventType.VIEW, item, "shoes", null, null, null, null, null,
                null, null, Instant.parse("2026-11-20T10:00:00Z").plusSeconds(60L * minute), consent);
    }

    @Test
    void shouldGroupTopicEventsByUserKeyInEventTimeOrder() {
        CleanEvent late = event("u1", "i2", 5, null);
        CleanEvent early = event("u1", "i1", 1, null);
        CleanEvent other = event("u2", "i3", 3, null);

        ProfileReplay.History history = ProfileReplay.eventsByUserKey(List.of(late, other, early));

        assertThat(history.events()).containsExactly(Map.entry("u1", List.of(early, late)), Map.entry("u2", List.of(other)));
        assertThat(history.withoutConsent()).isZero();
    }

    @Test
    void shouldDropEverythingUpToAWithdrawalAndLaterEventsUntilConsentIsGrantedAgain() {
        CleanEvent before = event("u1", "i1", 1, null);
        CleanEvent withdrawal = event("u1", "i2", 2, Consent.WITHDRAWN);
        CleanEvent ignored = event("u1", "i3", 3, null);
        CleanEvent grant = event("u1", "i4", 4, Consent.GRANTED);
        CleanEvent after = event("u1", "i5", 5, null);
        CleanEvent onlyWithdrawn = event("u2", "i6", 1, Consent.WITHDRAWN);
        CleanEvent quiet = event("u2", "i7", 2, null);

        ProfileReplay.History history = ProfileReplay.eventsByUserKey(
                List.of(after, grant, ignored, withdrawal, before, onlyWithdrawn, quiet));

        assertThat(history.events()).containsExactly(Map.entry("u1", List.of(grant, after)));
        assertThat(history.withoutConsent()).isEqualTo(5);
    }

    @Test
    void shouldDropErasedEventsAfterDecidingConsentSoAnErasedWithdrawalStillGovernsLaterEvents() {
        CleanEvent erased1 = event("u1", "i1", 1, null);
        CleanEvent erased2 = event("u1", "i2", 2, null);
        CleanEvent cameBack = event("u1", "i3", 9, null);
        CleanEvent erasedWithdrawal = event("u2", "i4", 1, Consent.WITHDRAWN);
        CleanEvent afterErasureWithoutConsent = event("u2", "i5", 9, null);
        CleanEvent kept = event("u3", "i6", 1, null);
        java.util.Set<CleanEvent> erased = java.util.Set.of(erased1, erased2, erasedWithdrawal);

        ProfileReplay.History history = ProfileReplay.eventsByUserKey(
                List.of(erased1, erased2, cameBack, erasedWithdrawal, afterErasureWithoutConsent, kept), erased::contains);

        assertThat(history.events()).containsExactly(Map.entry("u1", List.of(cameBack)), Map.entry("u3", List.of(kept)));
        // The withdrawal and the event after it count for consent, not erasure: each event is counted once.
        assertThat(history.withoutConsent()).isEqualTo(2);
        assertThat(history.erasedEvents()).isEqualTo(2);
        assertThat(history.erasedUsers()).isEqualTo(1);
    }

    @Test
    void shouldFoldTopicEventsToTheProfileTheFilePathFoldsForTheSameInteractions() {
        List<Interaction> interactions = List.of(
                new Interaction("s1", "u1", "i1", 1_000, "view", "shoes", "19.90"),
                new Interaction("s1", "u1", "i2", 2_000, "purchase", "bags", "49.00"));
        ProfileReplay replay = new ProfileReplay(ProfileSettings.defaults());
        List<CleanEvent> events = interactions.stream().map(ProfileReplay::toEvent).toList();

        UserProfile fromFile = replay.fold(ProfileReplay.eventsByUser(interactions).get("u1"));
        UserProfile fromTopic = replay.fold(ProfileReplay.eventsByUserKey(events).events().get("u1"));

        assertThat(fromTopic).isEqualTo(fromFile);
        assertThat(fromTopic.eventCount()).isEqualTo(2);
    }
}
