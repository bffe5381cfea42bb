package io.profilestream.localstack.fuzz;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * Sends {@code count} generated requests to every endpoint, a few in parallel, and tallies the
 * answers per endpoint. java.net.http sends what it can; raw requests, and targets it refuses to
 * parse, go over a socket ({@link RawHttp}).
 */
public final class HttpFuzzer {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Larger than this, a request may be refused by closing the connection before it is read. */
    private static final int LARGE = 1024 * 1024;

    private final RequestGenerator generator;
    private final Function<FuzzEndpoint, URI> baseUrls;
    private final int parallelism;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param generator   the seeded requests
     * @param baseUrls    the base URL ({@code http://127.0.0.1:port}) of the service of each endpoint
     * @param parallelism requests in flight at once
     */
    public HttpFuzzer(RequestGenerator generator, Function<FuzzEndpoint, URI> baseUrls, int parallelism) {
        this.generator = generator;
        this.baseUrls = baseUrls;
        this.parallelism = parallelism;
    }

    /** Sends {@code count} requests per endpoint; {@code progress} gets the running total. */
    public Map<FuzzEndpoint, EndpointTally> run(int count, LongConsumer progress) throws InterruptedException {
        Map<FuzzEndpoint, EndpointTally> tallies = new EnumMap<>(FuzzEndpoint.class);
        for (FuzzEndpoint e : FuzzEndpoint.values()) {
            tallies.put(e, new EndpointTally(e));
        }
        AtomicLong sent = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(parallelism);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < parallelism; w++) {
                int worker = w;
                workers.add(pool.submit(() -> {
                    for (FuzzEndpoint endpoint : FuzzEndpoint.values()) {
                        for (int i = worker; i < count; i += parallelism) {
                            send(generator.request(endpoint, i), tallies.get(endpoint));
                            progress.accept(sent.incrementAndGet());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) {
                f.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a fuzz worker failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return tallies;
    }

    void send(FuzzRequest request, EndpointTally tally) {
        URI base = baseUrls.apply(request.endpoint());
        if (request.raw()) {
            sendRaw(base, request, request.body(), tally);
            return;
        }
        HttpRequest built;
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + request.target())).timeout(TIMEOUT)
                    .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(request.body()));
            request.headers().forEach(b::header);
            built = b.build();
        } catch (IllegalArgumentException refusedByTheClient) {
            // A target or header java.net.http will not send: send the same bytes raw.
            sendRaw(base, request, asRawRequest(request), tally);
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<byte[]> r = http.send(built, HttpResponse.BodyHandlers.ofByteArray());
                tally.answer(request, r.statusCode(), r.headers().firstValue("Content-Type").orElse(null),
                        new String(r.body(), StandardCharsets.UTF_8));
                return;
            } catch (IOException e) {
                if (isLarge(request)) {
                    tally.closedOnRefusal();
                    return;
                }
                // Once more: the pooled connection may have been closed by an earlier refusal.
                if (attempt == 2) {
                    tally.connectionError(request, e);
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                tally.connectionError(request, e);
                return;
            }
        }
    }

    private static void sendRaw(URI base, FuzzRequest request, byte[] bytes, EndpointTally tally) {
        try {
            RawHttp.Answer a = RawHttp.send(base, bytes);
            if (a.status() == 0 || (a.status() < 0 && request.category() == FuzzCategory.RAW_REQUEST_LINE)) {
                // Status 0: Tomcat answered a request line it could not parse the HTTP/0.9 way, its
                // 400 page without a status line; -1 on a broken request line: it just closed.
                tally.containerClosed();
            } else if (a.status() < 0) {
                tally.connectionError(request, new IOException("closed without an answer"));
            } else {
                tally.answer(request, a.status(), a.contentType(), a.body());
            }
        } catch (IOException e) {
            if (isLarge(request)) {
                tally.closedOnRefusal();
            } else {
                tally.connectionError(request, e);
            }
        }
    }

    private static boolean isLarge(FuzzRequest request) {
        int headers = request.headers().values().stream().mapToInt(String::length).sum()
                + (request.target() == null ? 0 : request.target().length());
        return (request.body() != null && request.body().length > LARGE) || headers > 8 * 1024;
    }

    static byte[] asRawRequest(FuzzRequest request) {
        StringBuilder head = new StringBuilder(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n");
        head.append("Host: 127.0.0.1\r\nConnection: close\r\n");
        request.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        byte[] body = request.body() == null ? new byte[0] : request.body();
        if (body.length > 0) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }
}
