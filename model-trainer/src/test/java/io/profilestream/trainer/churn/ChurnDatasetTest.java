package io.profilestream.trainer.churn;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.ml.churn.ChurnFeatures;
import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.profileupdater.profile.ProfileSettings;
import io.profilestream.trainer.data.Interaction;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChurnDatasetTest {

    private static final Instant CUTOFF = Instant.parse("2017-11-30T00:00:00Z");
    private static final Duration H = Duration.ofHours(48);
    private static final long HOUR = 3_600_000L;
    private static final long C = CUTOFF.toEpochMilli();

    private static Interaction at(String user, long timeMs, String type) {
        return new Interaction(user + ":1", user, "i-" + user, timeMs, type, "cat-" + user, "");
    }

    /**
     * a: active before, returns 10 h after the cutoff. b: active before, next event 49 h after (outside
     * the window: churned). c: only after the cutoff (not in the set). d: an event exactly at the
     * cutoff (counts as before), and one exactly at cutoff + h (inside the window).
     */
    private static final List<Interaction> EVENTS = List.of(
            at("a", C - 5 * HOUR, "view"), at("a", C + 10 * HOUR, "view"),
            at("b", C - 2 * HOUR, "view"), at("b", C - HOUR, "purchase"), at("b", C + 49 * HOUR, "view"),
            at("c", C + HOUR, "view"),
            at("d", C, "add_to_cart"), at("d", C + 48 * HOUR, "view"));

    @Test
    void shouldLabelOnlyUsersActiveByTheCutoffByAnEventInTheHalfOpenWindow() {
        ProfileReplay replay = new ProfileReplay(ProfileSettings.defaults());

        ChurnDataset set = ChurnDataset.at(ProfileReplay.eventsByUser(EVENTS), replay, CUTOFF, H);

        assertThat(set.examples()).extracting(ChurnDataset.Example::user).containsExactly("a", "b", "d");
        assertThat(set.labels()).containsExactly(false, true, false);
        assertThat(set.examples()).extracting(ChurnDataset.Example::hoursSinceLast).containsExactly(5.0, 1.0, 0.0);
        assertThat(set.churned()).isEqualTo(1);
        assertThat(set.baseRate()).isEqualTo(1.0 / 3.0);
    }

    @Test
    void shouldTakeTheFeaturesOfTheProfileFoldedFromTheEventsUpToTheCutoff() {
        ProfileReplay replay = new ProfileReplay(ProfileSettings.defaults());
        Map<String, List<CleanEvent>> byUser = ProfileReplay.eventsByUser(EVENTS);

        ChurnDataset set = ChurnDataset.at(byUser, replay, CUTOFF, H);

        UserProfile b = replay.profileAsOf(byUser.get("b"), CUTOFF);
        assertThat(b.eventCount()).isEqualTo(2);
        assertThat(b.rfm().purchases()).isEqualTo(1);
        assertThat(set.examples().get(1).features()).containsExactly(ChurnFeatures.of(b, CUTOFF));
    }

    @Test
    void shouldMapAnInteractionOntoTheCleanEventTheServiceWouldFold() {
        CleanEvent e = ProfileReplay.toEvent(new Interaction("u1:2", "u1", "item-9", 1_511_544_070_000L, "add_to_cart",
                "2520377", "12.50"));

        assertThat(e).isEqualTo(new CleanEvent(1, null, "u1", null, "u1:2",
                io.profilestream.model.event.EventType.ADD_TO_CART, "item-9", "2520377", null,
                new java.math.BigDecimal("12.50"), null, null, null, null, null, Instant.ofEpochSecond(1_511_544_070L)));
    }
}
