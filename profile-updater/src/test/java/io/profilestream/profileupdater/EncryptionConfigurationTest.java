package io.profilestream.profileupdater;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.model.crypto.UserDataCipher;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The master key wiring with application.yml loaded: refused when missing outside {@code local}. */
class EncryptionConfigurationTest {

    private static final String KEY = "configuration-test-master-key-0123456789";
    private static final String USER = "ab".repeat(32);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withUserConfiguration(EncryptionConfiguration.class);

    @Test
    void shouldRefuseToStartWithoutMasterKeyOutsideLocalProfile() {
        // Explicitly empty, so a PROFILESTREAM_ENCRYPTION_MASTER_KEY in the build's environment cannot make this pass.
        runner.withPropertyValues("profilestream.encryption.master-key=").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("profilestream.encryption.master-key is not set. Set it (env "
                            + "PROFILESTREAM_ENCRYPTION_MASTER_KEY, at least 32 random characters, the same value in "
                            + "profile-updater and recommender-service) or run with the 'local' profile for a demo.");
        });
    }

    @Test
    void shouldStartWithoutMasterKeyUnderLocalProfile() {
        runner.withPropertyValues("profilestream.encryption.master-key=", "spring.profiles.active=local").run(context -> {
            assertThat(context).hasNotFailed();
            UserDataCipher cipher = context.getBean(UserDataCipher.class);
            assertThat(cipher.masterKeyId()).isEqualTo("m1");
            byte[] key = cipher.newWrappedKey(USER);
            assertThat(cipher.open(USER, key, cipher.seal(USER, key, new byte[]{1, 2, 3}))).containsExactly(1, 2, 3);
        });
    }

    @Test
    void shouldWrapKeysUnderTheConfiguredMasterKey() {
        runner.withPropertyValues("profilestream.encryption.master-key=" + KEY, "profilestream.encryption.master-key-id=m7")
                .run(context -> {
                    UserDataCipher cipher = context.getBean(UserDataCipher.class);
                    assertThat(cipher.masterKeyId()).isEqualTo("m7");
                    byte[] key = cipher.newWrappedKey(USER);
                    byte[] sealed = cipher.seal(USER, key, new byte[]{42});
                    // The recommender derives the same AES key from the same secret, so it opens what we seal.
                    UserDataCipher recommender = new UserDataCipher("m7",
                            MessageDigest.getInstance("SHA-256").digest(KEY.getBytes(StandardCharsets.UTF_8)));
                    assertThat(recommender.open(USER, key, sealed)).containsExactly(42);
                });
    }

    @Test
    void shouldRefuseAShortMasterKey() {
        runner.withPropertyValues("profilestream.encryption.master-key=too-short").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("profilestream.encryption.master-key is 9 characters long; it must be at least 32");
        });
    }

    @Test
    void shouldRefuseAMalformedMasterKeyId() {
        runner.withPropertyValues("profilestream.encryption.master-key=" + KEY, "profilestream.encryption.master-key-id=m 1")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(
                            "profilestream.encryption.master-key-id must be 1-32 characters of A-Z, a-z, 0-9, '.', '_' or '-'");
                });
    }
}
