package io.profilestream.profileupdater.profile;

import static io.profilestream.model.event.EventType.VIEW;
import static io.profilestream.profileupdater.profile.TestEvents.ALICE;
import static io.profilestream.profileupdater.profile.TestEvents.BOB;
import static io.profilestream.profileupdater.profile.TestEvents.T0;
import static io.profilestream.profileupdater.profile.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.model.profile.DecayedScores;
import io.profilestream.model.profile.TextSignals;
import io.profilestream.model.profile.UserProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The text signals are the text step's business: the explicit fold and a key-rotation handover keep them as they are. */
class TextSignalsCarryOverTest {

    private static final TextSignals SIGNALS = new TextSignals(2, -0.125, new DecayedScores(T0, Map.of("shoes", 0.75)));

    @Test
    void shouldKeepTextSignalsThroughTheExplicitFold() {
        UserProfile folded = new ProfileFolder(ProfileSettings.defaults())
                .apply(UserProfile.empty(ALICE).withText(SIGNALS), event(VIEW, T0.plusSeconds(60)).item("i1").category("socks").build());

        assertThat(folded.eventCount()).isEqualTo(1);
        assertThat(folded.text()).isEqualTo(SIGNALS);
    }

    @Test
    void shouldKeepTextSignalsWhenAProfileIsHandedOverToANewPseudonym() {
        UserProfile moved = HandOverProcessor.withUserKey(UserProfile.empty(ALICE).withText(SIGNALS), BOB);

        assertThat(moved.userKey()).isEqualTo(BOB);
        assertThat(moved.text()).isEqualTo(SIGNALS);
    }
}
