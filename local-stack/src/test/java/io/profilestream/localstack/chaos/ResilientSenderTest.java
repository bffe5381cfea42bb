package io.profilestream.localstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.profilestream.model.security.LocalDevelopmentKeys;
import io.profilestream.model.serde.Json;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Against a scripted loopback HTTP server standing in for ingest's answers (not for its logic). */
class ResilientSenderTest {

    private record Event(String eventId, String userId) {
    }

    private HttpServer server;
    private final List<String> bodies = Collections.synchronizedList(new ArrayList<>());
    private final List<String> keys = Collections.synchronizedList(new ArrayList<>());

    private String start(List<Integer> script) throws Exception {
        AtomicInteger call = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/events", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            bodies.add(body);
            keys.add(exchange.getRequestHeaders().getFirst(LocalDevelopmentKeys.HEADER));
            int n = call.getAndIncrement();
            int status = n < script.size() ? script.get(n) : 202;
            if (status == 503) {
                exchange.getResponseHeaders().add("Retry-After", "0");
            }
            byte[] answer = (status == 202 ? "{\"accepted\":" + Json.mapper().readTree(body).size() + ",\"rejected\":0}"
                    : "{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void shouldResendTheSameBatchAfter503And429And500UntilItIsStored() throws Exception {
        ResilientSender sender = new ResilientSender(start(List.of(503, 429, 500)), 10, 1, 0, ResilientSender.Gate.OPEN);
        List<Event> events = List.of(new Event("e1", "u1"), new Event("e2", "u2"));

        ResilientSender.Stats stats = sender.send("/v1/events", events, Event::userId);

        assertThat(bodies).hasSize(4).containsOnly("[{\"eventId\":\"e1\",\"userId\":\"u1\"},{\"eventId\":\"e2\",\"userId\":\"u2\"}]");
        assertThat(keys).containsOnly(LocalDevelopmentKeys.PRODUCER);
        assertThat(List.of(stats.accepted(), stats.rejected(), stats.requests(), stats.retries(), stats.status503(),
                stats.status503RetryAfter(), stats.status429(), stats.status429RetryAfter(), stats.connectionErrors()))
                .containsExactly(2L, 0L, 4L, 3L, 1L, 1L, 1L, 0L, 0L);
        assertThat(stats.otherErrorStatus()).isEqualTo(Map.of(500, 1L));
        assertThat(sender.acknowledged()).isEqualTo(2);
    }

    @Test
    void shouldCountRefusedConnectionsAndKeepTrying() throws Exception {
        String url = start(List.of());
        int port = server.getAddress().getPort();
        server.stop(0);
        ResilientSender sender = new ResilientSender(url, 10, 1, 0, ResilientSender.Gate.OPEN);
        Thread restart = new Thread(() -> {
            try {
                Thread.sleep(700);
                HttpServer again = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
                again.createContext("/v1/events", exchange -> {
                    byte[] answer = "{\"accepted\":1,\"rejected\":0}".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(202, answer.length);
                    exchange.getResponseBody().write(answer);
                    exchange.close();
                });
                again.start();
                server = again;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        restart.start();

        ResilientSender.Stats stats = sender.send("/v1/events", List.of(new Event("e1", "u1")), Event::userId);
        restart.join();

        assertThat(stats.accepted()).isEqualTo(1);
        assertThat(stats.connectionErrors()).isPositive().isEqualTo(stats.retries());
    }

    @Test
    void shouldKeepEveryUsersEventsInOrderAcrossLanes() throws Exception {
        ResilientSender sender = new ResilientSender(start(List.of()), 2, 3, 0, ResilientSender.Gate.OPEN);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            events.add(new Event("e" + i, "u" + (i % 7)));
        }

        sender.send("/v1/events", events, Event::userId);

        List<String> arrived = new ArrayList<>();
        for (String body : List.copyOf(bodies)) {
            for (JsonNode e : Json.mapper().readTree(body)) {
                arrived.add(e.path("userId").asText() + "/" + e.path("eventId").asText());
            }
        }
        assertThat(arrived).hasSize(60);
        for (int u = 0; u < 7; u++) {
            String user = "u" + u;
            List<String> expected = events.stream().filter(e -> e.userId().equals(user)).map(e -> user + "/" + e.eventId()).toList();
            assertThat(arrived.stream().filter(a -> a.startsWith(user + "/")).toList()).as(user).isEqualTo(expected);
        }
    }
}
