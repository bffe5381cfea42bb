package io.profilestream.model.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.profilestream.model.security.CallerApiKey;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OwnerForwarderTest {

    private final List<String> receivedKeys = new CopyOnWriteArrayList<>();
    private HttpServer owner;

    @BeforeEach
    void startOwner() throws IOException {
        owner = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        owner.createContext("/", exchange -> {
            receivedKeys.add(String.valueOf(exchange.getRequestHeaders().getFirst("X-Api-Key")));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        owner.start();
    }

    @AfterEach
    void stopOwner() {
        owner.stop(0);
    }

    private HostInfo ownerInfo() {
        return new HostInfo("127.0.0.1", owner.getAddress().getPort());
    }

    @Test
    void shouldPassTheCallersApiKeyOnToTheOwner() throws Exception {
        OwnerForwarder forwarder = new OwnerForwarder(Duration.ofSeconds(5));
        try (CallerApiKey.Binding ignored = CallerApiKey.bind("the-callers-reader-key-0123")) {
            assertThat(forwarder.get(ownerInfo(), "/v1/profiles/ab").status()).isEqualTo(204);
        }
        assertThat(CallerApiKey.current()).isNull();
        assertThat(forwarder.get(ownerInfo(), "/v1/profiles/ab").status()).isEqualTo(204);

        assertThat(receivedKeys).containsExactly("the-callers-reader-key-0123", "null");
    }
}
