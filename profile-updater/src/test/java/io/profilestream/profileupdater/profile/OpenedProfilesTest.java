package io.profilestream.profileupdater.profile;

import static io.profilestream.profileupdater.profile.TestEvents.ALICE;
import static io.profilestream.profileupdater.profile.TestEvents.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.profilestream.model.crypto.UserDataCipher;
import io.profilestream.model.profile.UserProfile;
import org.junit.jupiter.api.Test;

class OpenedProfilesTest {

    private static final String CAROL = "c3".repeat(32);
    private static final UserDataCipher CIPHER = TestCipher.CIPHER;

    private final byte[] aliceKey = CIPHER.newWrappedKey(ALICE);
    private final UserDataCipher.DataKey aliceDataKey = CIPHER.unwrapKey(ALICE, aliceKey);
    private final UserProfile aliceProfile = UserProfile.empty(ALICE);
    private final byte[] aliceSealed = CIPHER.sealJson(aliceDataKey, aliceProfile);
    private final OpenedProfiles.Opened aliceOpened = new OpenedProfiles.Opened(aliceDataKey, aliceProfile);

    @Test
    void shouldServeWhatWasRememberedForTheSameSealedBytesAndKey() {
        OpenedProfiles cache = new OpenedProfiles(4, 60_000);
        cache.remember(ALICE, aliceKey, aliceSealed, aliceOpened, 0);

        // Equal copies, as a store without a record cache returns them.
        assertThat(cache.lookup(ALICE, aliceKey.clone(), aliceSealed.clone(), 1)).isSameAs(aliceOpened);
        assertThat(cache.hits()).isEqualTo(1);
        assertThat(cache.misses()).isZero();
    }

    @Test
    void shouldMissAndDropTheEntryWhenTheStoredProfileChanged() {
        OpenedProfiles cache = new OpenedProfiles(4, 60_000);
        cache.remember(ALICE, aliceKey, aliceSealed, aliceOpened, 0);
        byte[] rewritten = CIPHER.sealJson(aliceDataKey, aliceProfile);

        assertThat(cache.lookup(ALICE, aliceKey, rewritten, 1)).isNull();
        assertThat(cache.size()).isZero();
        // Even the old bytes no longer hit: the entry is gone.
        assertThat(cache.lookup(ALICE, aliceKey, aliceSealed, 2)).isNull();
        assertThat(cache.misses()).isEqualTo(2);
    }

    @Test
    void shouldMissWhenTheProfileWasDeleted() {
        OpenedProfiles cache = new OpenedProfiles(4, 60_000);
        cache.remember(ALICE, aliceKey, aliceSealed, aliceOpened, 0);

        assertThat(cache.lookup(ALICE, aliceKey, null, 1)).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void shouldMissWhenTheDataKeyChanged() {
        OpenedProfiles cache = new OpenedProfiles(4, 60_000);
        cache.remember(ALICE, aliceKey, aliceSealed, aliceOpened, 0);

        assertThat(cache.lookup(ALICE, CIPHER.newWrappedKey(ALICE), aliceSealed, 1)).isNull();
        cache.remember(ALICE, aliceKey, aliceSealed, aliceOpened, 2);
        assertThat(cache.lookup(ALICE, null, aliceSealed, 3)).isNull();
        assertThat(cache.misses()).isEqualTo(2);
        assertThat(cache.size()).isZero();
    }

    @Test
    void shouldDropTheLeastRecentlyUsedEntryBeyondCapacity() {
        OpenedProfiles cache = new OpenedProfiles(2, 60_000);
        cache.remember(ALICE, aliceKey, aliceSealed, aliceOpened, 0);
        cache.remember(BOB, aliceKey, aliceSealed, aliceOpened, 1);
        // Alice used again: Bob becomes the least recently used.
        assertThat(cache.lookup(ALICE, aliceKey, aliceSealed, 2)).isSameAs(aliceOpened);

        cache.remember(CAROL, aliceKey, aliceSealed, aliceOpened, 3);

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.lookup(BOB, aliceKey, aliceSealed, 4)).isNull();
        assertThat(cache.lookup(ALICE, aliceKey, aliceSealed, 4)).isSameAs(aliceOpened);
        assertThat(cache.lookup(CAROL, aliceKey, aliceSealed, 4)).isSameAs(aliceOpened);
    }

    @Test
    void shouldDropEntriesUnusedForTheIdleTime() {
        OpenedProfiles cache = new OpenedProfiles(4, 1_000);
        cache.remember(ALICE, aliceKey, aliceSealed, aliceOpened, 0);
        cache.remember(BOB, aliceKey, aliceSealed, aliceOpened, 500);
        cache.remember(CAROL, aliceKey, aliceSealed, aliceOpened, 900);
        // A hit counts as use: Alice's entry is now the youngest.
        cache.lookup(ALICE, aliceKey, aliceSealed, 950);

        assertThat(cache.evictIdle(1_499)).isZero();
        assertThat(cache.evictIdle(1_500)).isEqualTo(1);
        assertThat(cache.evictIdle(1_950)).isEqualTo(2);
        assertThat(cache.size()).isZero();
    }

    @Test
    void shouldKeepNothingWithCapacityZero() {
        OpenedProfiles cache = new OpenedProfiles(0, 60_000);
        cache.remember(ALICE, aliceKey, aliceSealed, aliceOpened, 0);

        assertThat(cache.size()).isZero();
        assertThat(cache.lookup(ALICE, aliceKey, aliceSealed, 1)).isNull();
    }

    @Test
    void shouldForgetAndClear() {
        OpenedProfiles cache = new OpenedProfiles(4, 60_000);
        cache.remember(ALICE, aliceKey, aliceSealed, aliceOpened, 0);
        cache.remember(BOB, aliceKey, aliceSealed, aliceOpened, 0);

        cache.forget(ALICE);
        assertThat(cache.size()).isEqualTo(1);
        cache.clear();
        assertThat(cache.size()).isZero();
    }

    @Test
    void shouldRefuseANegativeCapacity() {
        assertThatThrownBy(() -> new OpenedProfiles(-1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("capacity and idle time must be >= 0, got -1, 0");
    }
}
