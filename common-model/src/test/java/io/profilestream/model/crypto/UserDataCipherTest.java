package io.profilestream.model.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.profilestream.model.config.EncryptionProperties;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserDataCipherTest {

    private static final String ALICE = "a1".repeat(32);
    private static final String BOB = "b2".repeat(32);
    private final UserDataCipher cipher = new UserDataCipher("m1", bytes(32, 7));

    @Test
    void shouldOpenWhatItSealedForTheSameUserAndKey() {
        byte[] key = cipher.newWrappedKey(ALICE);
        byte[] sealed = cipher.seal(ALICE, key, "profile of alice".getBytes(StandardCharsets.UTF_8));

        assertThat(new String(cipher.open(ALICE, key, sealed), StandardCharsets.UTF_8)).isEqualTo("profile of alice");
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("alice");
        assertThat(sealed).hasSize(1 + 12 + "profile of alice".length() + 16);
    }

    @Test
    void shouldWrapEveryDataKeyUnderTheNamedMasterKey() {
        byte[] key = cipher.newWrappedKey(ALICE);

        assertThat(key).hasSize(2 + 2 + 12 + 32 + 16);
        assertThat(key[0]).isEqualTo((byte) 1);
        assertThat(new String(key, 2, key[1], StandardCharsets.US_ASCII)).isEqualTo("m1");
    }

    @Test
    void shouldNotOpenAValueUnderAnotherUsersNameEvenWithTheRightKeyBytes() {
        byte[] key = cipher.newWrappedKey(ALICE);
        byte[] sealed = cipher.seal(ALICE, key, new byte[] {1, 2, 3});

        // The pseudonym is associated data of both the wrapped key and the value.
        assertThatThrownBy(() -> cipher.open(BOB, key, sealed)).isInstanceOf(UndecryptableException.class)
                .hasMessageContaining("authentication failed");
    }

    @Test
    void shouldNotOpenAValueWithANewKeyOfTheSameUserAfterTheOldOneWasDestroyed() {
        byte[] destroyed = cipher.newWrappedKey(ALICE);
        byte[] sealed = cipher.seal(ALICE, destroyed, new byte[] {1, 2, 3});
        byte[] fresh = cipher.newWrappedKey(ALICE);

        assertThatThrownBy(() -> cipher.open(ALICE, fresh, sealed)).isInstanceOf(UndecryptableException.class);
        assertThatThrownBy(() -> cipher.open(ALICE, null, sealed)).isInstanceOf(UndecryptableException.class)
                .hasMessage("no data key, or not a wrapped key of format 1");
    }

    @Test
    void shouldRefuseAlteredValues() {
        byte[] key = cipher.newWrappedKey(ALICE);
        byte[] sealed = cipher.seal(ALICE, key, new byte[] {1, 2, 3});
        byte[] altered = Arrays.copyOf(sealed, sealed.length);
        altered[altered.length - 1] ^= 1;

        assertThatThrownBy(() -> cipher.open(ALICE, key, altered)).isInstanceOf(UndecryptableException.class);
    }

    @Test
    void shouldRefuseKeysWrappedUnderAnotherMasterKey() {
        UserDataCipher other = new UserDataCipher("m2", bytes(32, 9));
        byte[] key = other.newWrappedKey(ALICE);

        assertThatThrownBy(() -> cipher.seal(ALICE, key, new byte[] {1})).isInstanceOf(UndecryptableException.class)
                .hasMessage("data key is wrapped under master key 'm2', this service holds 'm1'");
    }

    @Test
    void shouldUseFreshNoncesSoEqualValuesSealDifferently() {
        byte[] key = cipher.newWrappedKey(ALICE);

        assertThat(cipher.seal(ALICE, key, new byte[] {1})).isNotEqualTo(cipher.seal(ALICE, key, new byte[] {1}));
    }

    @Test
    void shouldSealAndOpenWithAnUnwrappedKeyExactlyAsWithTheWrappedOne() {
        byte[] key = cipher.newWrappedKey(ALICE);
        UserDataCipher.DataKey dataKey = cipher.unwrapKey(ALICE, key);

        assertThat(cipher.open(ALICE, key, cipher.seal(dataKey, new byte[] {4, 2}))).containsExactly(4, 2);
        assertThat(cipher.open(dataKey, cipher.seal(ALICE, key, new byte[] {4, 2}))).containsExactly(4, 2);
        assertThat(dataKey).hasToString("DataKey[<redacted>]");
        assertThatThrownBy(() -> cipher.open(cipher.unwrapKey(ALICE, key), cipher.seal(BOB, cipher.newWrappedKey(BOB),
                new byte[] {1}))).isInstanceOf(UndecryptableException.class);
    }

    @Test
    void shouldRoundTripJson() {
        byte[] key = cipher.newWrappedKey(ALICE);
        byte[] sealed = cipher.sealJson(ALICE, key, Map.of("eventCount", 3));

        assertThat(cipher.openJson(ALICE, key, sealed, Map.class)).isEqualTo(Map.of("eventCount", 3));
    }

    @Test
    void shouldRefuseToStartWithoutAMasterKeyOutsideTheLocalProfile() {
        assertThatThrownBy(() -> UserDataCipher.fromProperties(new EncryptionProperties("", "m1"), false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("profilestream.encryption.master-key is not set.");
        assertThatThrownBy(() -> UserDataCipher.fromProperties(new EncryptionProperties("short", "m1"), false))
                .hasMessage("profilestream.encryption.master-key is 5 characters long; it must be at least 32");
        assertThat(UserDataCipher.fromProperties(new EncryptionProperties("", "m1"), true).masterKeyId()).isEqualTo("m1");
    }

    @Test
    void shouldDeriveTheSameMasterKeyFromTheSameSecretInEveryService() {
        EncryptionProperties props = new EncryptionProperties("x".repeat(40), "m1");
        UserDataCipher updater = UserDataCipher.fromProperties(props, false);
        UserDataCipher recommender = UserDataCipher.fromProperties(props, false);
        byte[] key = updater.newWrappedKey(ALICE);

        assertThat(recommender.open(ALICE, key, updater.seal(ALICE, key, new byte[] {42}))).containsExactly(42);
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) seed);
        return b;
    }
}
