package io.profilestream.model.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiRoleTest {

    @Test
    void shouldGrantEachRoleItselfAndAdminEverything() {
        assertThat(ApiRole.PRODUCER.grants(ApiRole.PRODUCER)).isTrue();
        assertThat(ApiRole.PRODUCER.grants(ApiRole.READER)).isFalse();
        assertThat(ApiRole.PRODUCER.grants(ApiRole.ADMIN)).isFalse();
        assertThat(ApiRole.READER.grants(ApiRole.READER)).isTrue();
        assertThat(ApiRole.READER.grants(ApiRole.PRODUCER)).isFalse();
        assertThat(ApiRole.READER.grants(ApiRole.ADMIN)).isFalse();
        assertThat(ApiRole.ADMIN.grants(ApiRole.PRODUCER)).isTrue();
        assertThat(ApiRole.ADMIN.grants(ApiRole.READER)).isTrue();
        assertThat(ApiRole.ADMIN.grants(ApiRole.ADMIN)).isTrue();
    }
}
