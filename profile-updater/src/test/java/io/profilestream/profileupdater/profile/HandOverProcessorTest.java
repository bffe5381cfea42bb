package io.profilestream.profileupdater.profile;

import static io.profilestream.profileupdater.profile.TestEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.profilestream.model.crypto.UndecryptableException;
import io.profilestream.model.crypto.UserDataCipher;
import io.profilestream.model.event.EventType;
import io.profilestream.model.event.Rekey;
import io.profilestream.model.profile.DecayedScores;
import io.profilestream.model.profile.PriceBand;
import io.profilestream.model.profile.ProfileHandover;
import io.profilestream.model.profile.Rfm;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.model.streams.MissingFieldException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The hand-over step alone: what leaves the old pseudonym's task on a rekey, and in which order. */
class HandOverProcessorTest {

    private static final String OLD = "0a".repeat(32);
    private static final String NEW = "1b".repeat(32);
    private static final Instant NOW = T0.plusSeconds(500);
    private static final long REKEYED_AT = T0.plusSeconds(100).toEpochMilli();
    private static final Rekey REKEY = new Rekey(OLD, "k1", NEW, "k2", Instant.ofEpochMilli(REKEYED_AT));
    private static final UserProfile OLD_PROFILE = new UserProfile(OLD, 3, Map.of(EventType.VIEW, 3L),
            new DecayedScores(T0, Map.of("phones", 2.5)), DecayedScores.empty(), PriceBand.empty(), Rfm.empty(), 2, "s9",
            List.of("phone-2", "phone-1"), List.of(), T0.minusSeconds(60), T0);

    private MockProcessorContext<String, Object> context;
    private KeyValueStore<String, byte[]> profiles;
    private KeyValueStore<String, byte[]> keys;
    private KeyValueStore<String, Long> consent;
    private KeyValueStore<String, ProfileActivity> activity;
    private HandOverProcessor processor;

    @BeforeEach
    void setUp() {
        // Not the erasure or handover stores: the hand-over step must work without them.
        ProcessorStores<String, Object> stores = ProcessorStores.only(ProfileTopology.PROFILE_STORE,
                ProfileTopology.USER_KEYS_STORE, ProfileTopology.CONSENT_STORE, ProfileTopology.ACTIVITY_STORE);
        context = stores.context;
        profiles = stores.profiles;
        keys = stores.keys;
        consent = stores.consent;
        activity = stores.activity;
        processor = new HandOverProcessor(TestCipher.CIPHER, Clock.fixed(NOW, ZoneOffset.UTC));
        processor.init(context);
    }

    private byte[] holdOldProfile() {
        byte[] key = TestCipher.CIPHER.newWrappedKey(OLD);
        keys.put(OLD, key);
        profiles.put(OLD, TestCipher.seal(OLD, key, OLD_PROFILE));
        activity.put(OLD, new ProfileActivity(T0.toEpochMilli(), "k1"));
        return key;
    }

    private List<String> forwardedTo() {
        return context.forwarded().stream().map(f -> f.childName().orElse("<all>") + ":" + f.record().key()).toList();
    }

    private ProfileHandover handover(int index) {
        return (ProfileHandover) context.forwarded().get(index).record().value();
    }

    @Test
    void shouldSealACopyUnderTheNewPseudonymsNewKeyThenTombstoneTheOldProfileAndKey() {
        byte[] oldKey = holdOldProfile();

        processor.process(new Record<>(OLD, REKEY, REKEYED_AT));

        assertThat(forwardedTo()).containsExactly(ProfileTopology.HANDOVERS_SINK + ":" + NEW,
                ProfileTopology.SINK + ":" + OLD, ProfileTopology.USER_KEYS_SINK + ":" + OLD);
        assertThat(context.forwarded()).extracting(f -> f.record().timestamp()).containsOnly(REKEYED_AT);
        ProfileHandover sent = handover(0);
        assertThat(sent.newUserKey()).isEqualTo(NEW);
        assertThat(sent.oldKeyId()).isEqualTo("k1");
        assertThat(sent.handedOverAt()).isEqualTo(NOW);
        assertThat(TestCipher.open(NEW, sent.wrappedKey(), sent.sealedProfile())).isEqualTo(new UserProfile(NEW, 3,
                Map.of(EventType.VIEW, 3L), new DecayedScores(T0, Map.of("phones", 2.5)), DecayedScores.empty(),
                PriceBand.empty(), Rfm.empty(), 2, "s9", List.of("phone-2", "phone-1"), List.of(), T0.minusSeconds(60), T0));
        assertThatThrownBy(() -> TestCipher.CIPHER.unwrapKey(NEW, oldKey)).isInstanceOf(UndecryptableException.class);
        // Only the new key id travels in a header: no objection to carry.
        assertThat(context.forwarded().get(0).record().headers().toArray()).extracting(Header::key, Header::value)
                .containsExactly(tuple(HandOverProcessor.NEW_KEY_ID_HEADER, "k2".getBytes(StandardCharsets.UTF_8)));
        assertThat(context.forwarded().get(1).record().value()).isNull();
        assertThat(context.forwarded().get(2).record().value()).isNull();
        assertThat(profiles.get(OLD)).isNull();
        assertThat(keys.get(OLD)).isNull();
        assertThat(activity.get(OLD)).isNull();
    }

    @Test
    void shouldSendAnEmptyHandoverAndNoTombstonesWhenNothingIsHeld() {
        processor.process(new Record<>(OLD, REKEY, REKEYED_AT));

        assertThat(forwardedTo()).containsExactly(ProfileTopology.HANDOVERS_SINK + ":" + NEW);
        assertThat(handover(0).carriesProfile()).isFalse();
        assertThat(handover(0).wrappedKey()).isNull();
        assertThat(handover(0).sealedProfile()).isNull();
        assertThat(handover(0).handedOverAt()).isEqualTo(NOW);
    }

    @Test
    void shouldCarryAWithdrawalOfConsentInAHeaderOfAnEmptyHandoverAndKeepIt() {
        consent.put(OLD, T0.toEpochMilli());

        processor.process(new Record<>(OLD, REKEY, REKEYED_AT));

        assertThat(handover(0).carriesProfile()).isFalse();
        Header header = context.forwarded().get(0).record().headers().lastHeader(HandOverProcessor.CONSENT_WITHDRAWN_HEADER);
        assertThat(ByteBuffer.wrap(header.value()).getLong()).isEqualTo(T0.toEpochMilli());
        assertThat(consent.get(OLD)).isEqualTo(T0.toEpochMilli());
    }

    @Test
    void shouldHandOverNothingButStillDeleteAProfileThatCannotBeOpened() {
        keys.put(OLD, TestCipher.CIPHER.newWrappedKey(OLD));
        profiles.put(OLD, TestCipher.seal(OLD, TestCipher.CIPHER.newWrappedKey(OLD), OLD_PROFILE));

        processor.process(new Record<>(OLD, REKEY, REKEYED_AT));

        assertThat(handover(0).carriesProfile()).isFalse();
        assertThat(forwardedTo()).hasSize(3);
        assertThat(profiles.get(OLD)).isNull();
        assertThat(keys.get(OLD)).isNull();
    }

    @Test
    void shouldFailWithoutTouchingTheStoresWhenTheKeyIsWrappedUnderAnotherMasterKey() {
        UserDataCipher other = new UserDataCipher("m2", new byte[32]);
        byte[] foreignKey = other.newWrappedKey(OLD);
        keys.put(OLD, foreignKey);
        profiles.put(OLD, other.sealJson(OLD, foreignKey, OLD_PROFILE));

        assertThatThrownBy(() -> processor.process(new Record<>(OLD, REKEY, REKEYED_AT)))
                .isInstanceOf(UndecryptableException.class);
        assertThat(keys.get(OLD)).isEqualTo(foreignKey);
        assertThat(context.forwarded()).isEmpty();
    }

    @Test
    void shouldRejectRekeysMissingAPseudonymAndSkipThoseWithoutValueOrToTheSameOne() {
        holdOldProfile();

        processor.process(new Record<>(OLD, null, REKEYED_AT));
        assertThatThrownBy(() -> processor.process(new Record<>(OLD, new Rekey(OLD, "k1", null, "k2", null), REKEYED_AT)))
                .isInstanceOf(MissingFieldException.class).hasMessage("missing required field newUserKey");
        assertThatThrownBy(() -> processor.process(new Record<>(null, new Rekey(null, "k1", "n".repeat(64), "k2", null),
                REKEYED_AT))).isInstanceOf(MissingFieldException.class).hasMessage("missing required field oldUserKey");
        processor.process(new Record<>(OLD, new Rekey(OLD, "k1", OLD, "k2", null), REKEYED_AT));

        assertThat(context.forwarded()).isEmpty();
        assertThat(profiles.get(OLD)).isNotNull();
        assertThat(Optional.ofNullable(keys.get(OLD))).isPresent();
    }
}
