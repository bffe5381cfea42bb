package io.profilestream.model.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.profilestream.model.config.PrivacyProperties;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class PseudonymizerTest {

    private static final String KEY = "0123456789abcdef0123456789abcdef";

    @Test
    void shouldComputeDomainSeparatedHmacSha256() throws Exception {
        Pseudonymizer p = new Pseudonymizer("k1", KEY.getBytes(StandardCharsets.UTF_8));

        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal("USER\0alice".getBytes(StandardCharsets.UTF_8)));

        assertThat(p.user("alice")).isEqualTo(expected).hasSize(64);
        assertThat(p.pseudonymize(Pseudonymizer.Domain.SESSION, "alice")).isNotEqualTo(expected);
    }

    @Test
    void shouldRefuseToStartWithoutKeyOutsideLocalProfile() {
        assertThatThrownBy(() -> Pseudonymizer.fromProperties(new PrivacyProperties("", "k1"), false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("profilestream.privacy.hmac-key is not set");
    }

    @Test
    void shouldRefuseShortKeys() {
        assertThatThrownBy(() -> Pseudonymizer.fromProperties(new PrivacyProperties("short", "k1"), false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at least 32");
    }

    @Test
    void shouldUseThePublicDevelopmentKeyOnlyInTheLocalProfile() {
        Pseudonymizer local = Pseudonymizer.fromProperties(new PrivacyProperties("", "k1"), true);
        Pseudonymizer explicit = new Pseudonymizer("k1",
                Pseudonymizer.LOCAL_DEVELOPMENT_KEY.getBytes(StandardCharsets.UTF_8));

        assertThat(local.user("bob")).isEqualTo(explicit.user("bob"));
    }

    @Test
    void shouldNeverPrintTheKey() {
        assertThat(new PrivacyProperties(KEY, "k1").toString()).doesNotContain(KEY).contains("<redacted>");
    }

    @Test
    void shouldGiveThePreviousKeysPseudonymsDuringARotationOnly() {
        String oldKey = "o".repeat(40);
        PrivacyProperties rotating = new PrivacyProperties(KEY, "k2", oldKey, "k1");

        Pseudonymizer previous = Pseudonymizer.previousFromProperties(rotating).orElseThrow();

        assertThat(previous.keyId()).isEqualTo("k1");
        assertThat(previous.user("bob")).isEqualTo(new Pseudonymizer("k1", oldKey.getBytes(StandardCharsets.UTF_8)).user("bob"))
                .isNotEqualTo(Pseudonymizer.fromProperties(rotating, false).user("bob"));
        assertThat(Pseudonymizer.previousFromProperties(new PrivacyProperties(KEY, "k2"))).isEmpty();
        assertThat(rotating.toString()).doesNotContain(KEY).doesNotContain(oldKey);
    }

    @Test
    void shouldRefuseAPreviousKeyWithTheCurrentKeysIdOrTooShort() {
        assertThatThrownBy(() -> Pseudonymizer.previousFromProperties(new PrivacyProperties(KEY, "k1", "o".repeat(40), "k1")))
                .hasMessage("profilestream.privacy.previous-key-id must be set and differ from profilestream.privacy.key-id "
                        + "('k1') while previous-hmac-key is set");
        assertThatThrownBy(() -> Pseudonymizer.previousFromProperties(new PrivacyProperties(KEY, "k2", "short", "k1")))
                .hasMessage("profilestream.privacy.previous-hmac-key is 5 bytes long; it must be at least 32");
    }
}
