package io.profilestream.profileupdater.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

class ProfileForwarderTest {

    private static final String KEY = "ab".repeat(32);

    private final ProfileForwarder forwarder = new ProfileForwarder(Duration.ofSeconds(2));

    @Test
    void shouldMarkTheForwardedRequestAndRelayTheOwnersAnswer() throws IOException {
        try (RemoteInstance owner = new RemoteInstance(200, "application/json", null, "{\"userKey\":\"" + KEY + "\"}")) {
            ProfileAnswer.Relayed answer = forwarder.forward(owner.hostInfo(), KEY);

            assertThat(owner.received()).containsExactly(new RemoteInstance.Received("GET", "/v1/profiles/" + KEY, "true"));
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.contentType()).isEqualTo("application/json");
            assertThat(answer.retryAfter()).isNull();
            assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{\"userKey\":\"" + KEY + "\"}");
        }
    }

    @Test
    void shouldRelayTheOwnersProblemWithItsRetryAfter() throws IOException {
        try (RemoteInstance owner = new RemoteInstance(503, "application/problem+json", "1", "{\"status\":503}")) {
            ProfileAnswer.Relayed answer = forwarder.forward(owner.hostInfo(), KEY);

            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.contentType()).isEqualTo("application/problem+json");
            assertThat(answer.retryAfter()).isEqualTo("1");
            assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{\"status\":503}");
        }
    }

    @Test
    void shouldReportAnUnreachableOwnerAsUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        assertThatThrownBy(() -> forwarder.forward(new HostInfo("127.0.0.1", closedPort), KEY))
                .isInstanceOf(ProfileUnavailableException.class)
                .hasMessage("the instance owning this profile (127.0.0.1:" + closedPort + ") did not answer; retry shortly");
    }

    @Test
    void shouldBracketIpv6Hosts() {
        assertThat(ProfileForwarder.uri(new HostInfo("::1", 8083), KEY))
                .isEqualTo(URI.create("http://[::1]:8083/v1/profiles/" + KEY));
        assertThat(ProfileForwarder.uri(new HostInfo("profile-updater-1.internal", 8083), KEY))
                .isEqualTo(URI.create("http://profile-updater-1.internal:8083/v1/profiles/" + KEY));
    }
}
