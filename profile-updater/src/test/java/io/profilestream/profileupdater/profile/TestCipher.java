package io.profilestream.profileupdater.profile;

import io.profilestream.model.crypto.UserDataCipher;
import io.profilestream.model.profile.UserProfile;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/** The fixed cipher every test seals and opens profiles with (all-zero master key: tests only). */
public final class TestCipher {

    /** Master key id {@code m1}, master key 32 zero bytes. */
    public static final UserDataCipher CIPHER = new UserDataCipher("m1", new byte[32]);

    private TestCipher() {
    }

    /** Opens a sealed profile with its user's wrapped data key. */
    public static UserProfile open(String userKey, byte[] wrappedKey, byte[] sealed) {
        return CIPHER.openJson(userKey, wrappedKey, sealed, UserProfile.class);
    }

    /** Seals a profile as the processor would. */
    public static byte[] seal(String userKey, byte[] wrappedKey, UserProfile profile) {
        return CIPHER.sealJson(userKey, wrappedKey, profile);
    }

    /**
     * Opens a sealed profile with the one key among {@code candidates} it was sealed under
     * (AES-GCM refuses every other one), for reading a topic across a user's key changes.
     *
     * @throws AssertionError when none opens it
     */
    public static UserProfile openWithAny(String userKey, List<byte[]> candidates, byte[] sealed) {
        for (byte[] key : candidates) {
            if (opens(userKey, key, sealed)) {
                return open(userKey, key, sealed);
            }
        }
        throw new AssertionError("no key published for " + userKey + " opens this profile record");
    }

    /** True when {@code sealed} opens with {@code wrappedKey}. */
    public static boolean opens(String userKey, byte[] wrappedKey, byte[] sealed) {
        try {
            open(userKey, Objects.requireNonNull(wrappedKey), sealed);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The bytes as Latin-1 text, to look for plaintext fragments in them. */
    public static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
