package io.profilestream.model.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EndpointRolesTest {

    private final EndpointRoles roles = EndpointRoles.builder()
            .require("/v1/events", ApiRole.PRODUCER)
            .require("/v1/users", ApiRole.ADMIN)
            .require("/v1/profiles", ApiRole.READER)
            .adminOtherwiseUnder("/v1")
            .build();

    @Test
    void shouldRequireTheRoleOfThePrefixAndEverythingBelowIt() {
        assertThat(roles.requiredFor("/v1/events")).contains(ApiRole.PRODUCER);
        assertThat(roles.requiredFor("/v1/users/u1")).contains(ApiRole.ADMIN);
        assertThat(roles.requiredFor("/v1/users/u1/erasure")).contains(ApiRole.ADMIN);
        assertThat(roles.requiredFor("/v1/profiles/abc")).contains(ApiRole.READER);
    }

    @Test
    void shouldNotMatchAPrefixThatOnlyStartsTheSameWord() {
        assertThat(roles.requiredFor("/v1/eventsx")).contains(ApiRole.ADMIN);
    }

    @Test
    void shouldRequireAdminForUnnamedPathsUnderTheGuardedRoot() {
        assertThat(roles.requiredFor("/v1")).contains(ApiRole.ADMIN);
        assertThat(roles.requiredFor("/v1/models/reload")).contains(ApiRole.ADMIN);
    }

    @Test
    void shouldFoldCaseAndRepeatedSlashes() {
        assertThat(roles.requiredFor("/V1/Users/u1")).contains(ApiRole.ADMIN);
        assertThat(roles.requiredFor("//v1//profiles/abc")).contains(ApiRole.READER);
    }

    @Test
    void shouldLeaveDocumentationAndStaticPagesOpen() {
        assertThat(roles.requiredFor("/v3/api-docs")).isEqualTo(Optional.empty());
        assertThat(roles.requiredFor("/swagger-ui/index.html")).isEqualTo(Optional.empty());
        assertThat(roles.requiredFor("/dashboard/index.html")).isEqualTo(Optional.empty());
        assertThat(roles.requiredFor("/")).isEqualTo(Optional.empty());
        assertThat(roles.requiredFor("")).isEqualTo(Optional.empty());
    }

    @Test
    void shouldListEveryRoleARuleNeeds() {
        assertThat(roles.roles()).isEqualTo(Set.of(ApiRole.PRODUCER, ApiRole.ADMIN, ApiRole.READER));
        assertThat(EndpointRoles.builder().require("/v1/profiles", ApiRole.READER).adminOtherwiseUnder("/v1").build()
                .roles()).isEqualTo(Set.of(ApiRole.READER));
    }
}
