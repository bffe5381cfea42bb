package io.profilestream.privacyfilter.topology;

import io.profilestream.model.privacy.Pseudonymizer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Computes pseudonyms the way the contract defines them (HMAC-SHA256 over the domain name, a zero
 * byte, then the UTF-8 id), independently of {@code Pseudonymizer}, so tests check its output
 * rather than repeat it.
 */
final class ExpectedPseudonyms {

    static final String KEY = "privacy-filter-test-key-0123456789abcdef";
    static final String KEY_ID = "k-test";
    /** The key before a rotation to {@link #KEY}. */
    static final String PREVIOUS_KEY = "privacy-filter-previous-key-fedcba9876543210";
    static final String PREVIOUS_KEY_ID = "k-old";

    private ExpectedPseudonyms() {
    }

    static String hmac(String domain, String id) {
        return hmac(KEY, domain, id);
    }

    private static String hmac(String key, String domain, String id) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(domain.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) 0);
            return HexFormat.of().formatHex(mac.doFinal(id.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    static String user(String id) {
        return hmac("USER", id);
    }

    static String session(String id) {
        return hmac("SESSION", id);
    }

    /** The user pseudonym under {@link #PREVIOUS_KEY}. */
    static String previousUser(String id) {
        return hmac(PREVIOUS_KEY, "USER", id);
    }

    /** The real Pseudonymizer with the previous test key. */
    static Pseudonymizer previousPseudonymizer() {
        return new Pseudonymizer(PREVIOUS_KEY_ID, PREVIOUS_KEY.getBytes(StandardCharsets.UTF_8));
    }

    /** The real Pseudonymizer with the test key. */
    static Pseudonymizer pseudonymizer() {
        return new Pseudonymizer(KEY_ID, KEY.getBytes(StandardCharsets.UTF_8));
    }
}
