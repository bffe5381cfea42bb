package io.profilestream.model.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeyAuthenticatorTest {

    private static final String PRODUCER_KEY = "producer-key-0123456789";
    private static final String READER_KEY = "reader-key-0123456789";
    private static final String ADMIN_KEY = "admin-key-0123456789";

    private static ApiKeyProperties inline(List<String> producer, List<String> reader, List<String> admin) {
        return new ApiKeyProperties(producer, List.of(), reader, List.of(), admin, List.of());
    }

    @Test
    void shouldFindTheRoleOfEachConfiguredKey() {
        ApiKeyAuthenticator auth = ApiKeyAuthenticator.fromProperties(
                inline(List.of(PRODUCER_KEY), List.of(READER_KEY, "second-reader-key-0123"), List.of(ADMIN_KEY)),
                EnumSet.allOf(ApiRole.class), false);
        assertThat(auth.roleOf(PRODUCER_KEY)).contains(ApiRole.PRODUCER);
        assertThat(auth.roleOf(READER_KEY)).contains(ApiRole.READER);
        assertThat(auth.roleOf("second-reader-key-0123")).contains(ApiRole.READER);
        assertThat(auth.roleOf(ADMIN_KEY)).contains(ApiRole.ADMIN);
    }

    @Test
    void shouldKnowNoMissingEmptyUnknownOrAlmostEqualKey() {
        ApiKeyAuthenticator auth = ApiKeyAuthenticator.fromProperties(
                inline(List.of(PRODUCER_KEY), List.of(), List.of()), EnumSet.of(ApiRole.PRODUCER), false);
        assertThat(auth.roleOf(null)).isEqualTo(Optional.empty());
        assertThat(auth.roleOf("")).isEqualTo(Optional.empty());
        assertThat(auth.roleOf("someone-elses-key-0123")).isEqualTo(Optional.empty());
        assertThat(auth.roleOf(PRODUCER_KEY + "x")).isEqualTo(Optional.empty());
        assertThat(auth.roleOf(PRODUCER_KEY.substring(1))).isEqualTo(Optional.empty());
        assertThat(auth.roleOf(PRODUCER_KEY.toUpperCase())).isEqualTo(Optional.empty());
    }

    @Test
    void shouldReadKeysFromFilesTrimmedAndWithoutBlankLines(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("reader");
        Files.writeString(file, "  " + READER_KEY + "  \n\n\tsecond-reader-key-0123\r\n");
        ApiKeyAuthenticator auth = ApiKeyAuthenticator.fromProperties(
                new ApiKeyProperties(List.of(), List.of(), List.of(), List.of(file), List.of(), List.of()),
                EnumSet.of(ApiRole.READER), false);
        assertThat(auth.roleOf(READER_KEY)).contains(ApiRole.READER);
        assertThat(auth.roleOf("second-reader-key-0123")).contains(ApiRole.READER);
        assertThat(auth.roleOf("  " + READER_KEY)).isEqualTo(Optional.empty());
    }

    @Test
    void shouldRefuseToStartWithoutAKeyForANeededRole() {
        assertThatThrownBy(() -> ApiKeyAuthenticator.fromProperties(inline(List.of(PRODUCER_KEY), List.of(), List.of()),
                EnumSet.of(ApiRole.PRODUCER, ApiRole.ADMIN), false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no ADMIN API key is configured: set profilestream.security.admin-keys (env "
                        + "PROFILESTREAM_SECURITY_ADMINKEYS, comma-separated, each at least 16 random characters) or "
                        + "profilestream.security.admin-key-files (env PROFILESTREAM_SECURITY_ADMINKEYFILES, files with one "
                        + "key per line), or run with the 'local' profile for a demo");
    }

    @Test
    void shouldNotCountABlankKeyAsConfigured() {
        assertThatThrownBy(() -> ApiKeyAuthenticator.fromProperties(inline(List.of(), List.of("  "), List.of()),
                EnumSet.of(ApiRole.READER), false))
                .hasMessageStartingWith("no READER API key is configured");
    }

    @Test
    void shouldRefuseAKeyShorterThanSixteenCharactersWithoutPrintingIt() {
        assertThatThrownBy(() -> ApiKeyAuthenticator.fromProperties(inline(List.of(), List.of("fifteen-chars-x"), List.of()),
                EnumSet.of(ApiRole.READER), false))
                .hasMessage("one of the READER API keys (profilestream.security.reader-keys or profilestream.security.reader-key-files) "
                        + "is shorter than 16 characters");
    }

    @Test
    void shouldRefuseTheSameKeyForTwoRoles() {
        assertThatThrownBy(() -> ApiKeyAuthenticator.fromProperties(inline(List.of(), List.of(ADMIN_KEY), List.of(ADMIN_KEY)),
                EnumSet.of(ApiRole.READER), false))
                .hasMessage("the same API key is configured for the roles READER and ADMIN: give each role its own keys");
    }

    @Test
    void shouldNameTheUnreadableKeyFileButNotItsContent(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-file");
        assertThatThrownBy(() -> ApiKeyAuthenticator.fromProperties(
                new ApiKeyProperties(List.of(), List.of(missing), List.of(), List.of(), List.of(), List.of()),
                EnumSet.of(ApiRole.PRODUCER), false))
                .hasMessage("cannot read the PRODUCER key file " + missing + " (profilestream.security.producer-key-files, "
                        + "env PROFILESTREAM_SECURITY_PRODUCERKEYFILES): NoSuchFileException");
    }

    @Test
    void shouldAuthenticateExactlyTheGivenKeys() {
        ApiKeyAuthenticator auth = ApiKeyAuthenticator.of(Map.of(ApiRole.READER, List.of(READER_KEY)));
        assertThat(auth.roleOf(READER_KEY)).contains(ApiRole.READER);
        assertThat(auth.roleOf(ADMIN_KEY)).isEqualTo(Optional.empty());
        assertThat(auth).hasToString("ApiKeyAuthenticator[1 keys]");
    }

    @Test
    void shouldRedactKeysInToString() {
        assertThat(inline(List.of(PRODUCER_KEY), List.of(), List.of(ADMIN_KEY, READER_KEY)).toString())
                .isEqualTo("ApiKeyProperties[producerKeys=1 redacted, producerKeyFiles=[], readerKeys=0 redacted, "
                        + "readerKeyFiles=[], adminKeys=2 redacted, adminKeyFiles=[]]")
                .doesNotContain(PRODUCER_KEY);
    }
}
