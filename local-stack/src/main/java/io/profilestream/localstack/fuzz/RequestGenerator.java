package io.profilestream.localstack.fuzz;

import static io.profilestream.localstack.fuzz.BodyMutations.pick;
import static io.profilestream.localstack.fuzz.BodyMutations.utf8;

import io.profilestream.model.security.ApiRole;
import io.profilestream.model.security.LocalDevelopmentKeys;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded generator of malformed requests: request {@code i} of an endpoint depends only on the
 * seed, the endpoint and {@code i}, so a run can be repeated exactly and a failing request
 * regenerated from its index. Categories take turns ({@code i} modulo the endpoint's categories),
 * so every category appears for every endpoint once {@code count >= categories().size()}.
 * Every request carries the right local API key except those of {@link FuzzCategory#API_KEY},
 * so the body, path or query is what is tested.
 */
public final class RequestGenerator {

    private static final String[] TRAVERSALS = {"..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
            "..%5C..%5Cwindows%5Cwin.ini", "%00", "a%00b", "%2F", "%252F", "..", ".", "%2e%2e", "%2e", "a;b=c", "%3B",
            "%C0%AF", "..%c0%af..%c0%afetc", "%2F%2F", "a%2Fb%2F..%2F..", "....%2F%2F", "%5C", "~root", "%25",
            "x%0D%0ASet-Cookie:%20a=b", "%E2%80%AE", "%F0%9F%92%A9", "CON", "a%20b", "%7B%7D"};
    private static final String[] BAD_K = {"abc", "-1", "0", "1e400", "99999999999999999999", "", "1.5", "NaN",
            "%00", "%20", "1%2C2", "0x10", "2147483648", "-2147483649", "1" + "0".repeat(5000), "true", "%FF", "k"};
    private static final String[] CONTENT_TYPES = {"text/plain", "application/xml", "multipart/form-data",
            "application/x-www-form-urlencoded", "application/json; charset=ebcdic", "%%%", "application/",
            "*/*", "application/json; charset=utf-32", "image/png", "application/octet-stream"};
    private static final String[] ACCEPTS = {"application/xml", "text/csv", "image/png", "%%%", "application/",
            "text/html;q=abc"};
    private static final String[] RAW_TARGET_BYTES = {"a b", "a\tb", "\u00ff", "%", "%zz", "a\"b", "<x>", "{id}",
            "a|b", "a\\b", "a^b", "`"};

    private final long seed;
    private final Instant now;

    /**
     * @param seed the run's seed
     * @param now  the time valid-looking timestamps are near (fixed, so requests depend on the seed only)
     */
    public RequestGenerator(long seed, Instant now) {
        this.seed = seed;
        this.now = now;
    }

    /** Request {@code index} of {@code endpoint}. */
    public FuzzRequest request(FuzzEndpoint endpoint, int index) {
        List<FuzzCategory> categories = new ArrayList<>(endpoint.categories());
        FuzzCategory category = categories.get(index % categories.size());
        Random r = new Random(seed * 1_000_003L + endpoint.ordinal() * 7_919L + index);
        return build(endpoint, category, r);
    }

    private FuzzRequest build(FuzzEndpoint endpoint, FuzzCategory category, Random r) {
        String method = endpoint.method();
        String id = validId(endpoint, r);
        String query = endpoint.takesK() ? "?k=" + (1 + r.nextInt(10)) : "";
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(LocalDevelopmentKeys.HEADER, LocalDevelopmentKeys.of(endpoint.role()));
        byte[] body = null;
        if (endpoint.takesBody()) {
            headers.put("Content-Type", endpoint == FuzzEndpoint.POST_EVENTS && r.nextInt(5) == 0
                    ? "application/x-ndjson" : "application/json");
            body = BodyMutations.body(endpoint, category, r, now);
        }
        switch (category) {
            case INVALID_UTF8, CONTROL_CHARS -> {
                if (!endpoint.takesBody()) {
                    if (category == FuzzCategory.INVALID_UTF8 || r.nextBoolean()) {
                        return raw(endpoint, category, rawRequest(method, endpoint.path(id + "\u0001") + query, headers,
                                category == FuzzCategory.INVALID_UTF8 ? new byte[] {(byte) 0xC3, 0x28} : new byte[] {0x1b}));
                    }
                    id = id + pick(r, new String[] {"%00", "%07", "%1B", "%7F", "%0A", "%0D%0A", "%08"});
                }
            }
            case PATH_TRAVERSAL -> id = pick(r, TRAVERSALS);
            case LONG_ID -> id = "a".repeat(pick(r, new int[] {1024, 4096, 8192, 16_384, 65_536}));
            case BAD_QUERY -> {
                String k = pick(r, BAD_K);
                query = switch (r.nextInt(4)) {
                    case 0 -> "?k=" + k;
                    case 1 -> "?k=1&k=" + k;
                    case 2 -> "?k=" + k + "&unknown=%00&" + "x".repeat(r.nextInt(100)) + "=1";
                    default -> "?" + pick(r, new String[] {"k", "k=", "=1", "&&", "k=1=2", "%", "k[]=1", "K=5"});
                };
            }
            case WRONG_CONTENT_TYPE -> {
                if (endpoint.takesBody()) {
                    if (r.nextInt(5) == 0) {
                        headers.remove("Content-Type");
                    } else {
                        headers.put("Content-Type", pick(r, CONTENT_TYPES));
                    }
                    body = utf8(BodyMutations.object(BodyMutations.validFields(endpoint, r, now)));
                } else if (r.nextBoolean()) {
                    headers.put("Accept", pick(r, ACCEPTS));
                } else {
                    // A body nobody asked for, declared as something the service must not try to parse.
                    headers.put("Content-Type", pick(r, CONTENT_TYPES));
                    body = utf8("--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n");
                }
            }
            case WRONG_METHOD -> {
                List<String> others = new ArrayList<>(List.of("PUT", "PATCH", "POST", "GET", "DELETE"));
                others.remove(method);
                if (endpoint == FuzzEndpoint.DELETE_USER) {
                    others.remove("GET");
                }
                method = others.get(r.nextInt(others.size()));
            }
            case API_KEY -> {
                switch (r.nextInt(5)) {
                    case 0 -> headers.remove(LocalDevelopmentKeys.HEADER);
                    case 1 -> headers.put(LocalDevelopmentKeys.HEADER, "");
                    case 2 -> headers.put(LocalDevelopmentKeys.HEADER, "wrong-key-" + r.nextInt(1000));
                    case 3 -> headers.put(LocalDevelopmentKeys.HEADER, "k".repeat(pick(r, new int[] {1000, 9000, 70_000})));
                    default -> headers.put(LocalDevelopmentKeys.HEADER,
                            LocalDevelopmentKeys.of(ApiRole.values()[(endpoint.role().ordinal() + 1 + r.nextInt(2)) % 3]));
                }
                if (endpoint.takesBody()) {
                    body = utf8(BodyMutations.object(BodyMutations.validFields(endpoint, r, now)));
                }
            }
            case RAW_REQUEST_LINE -> {
                return raw(endpoint, category, rawLine(endpoint, method, id, query, headers, r));
            }
            default -> {
                // Body categories: the body above is the malformation.
            }
        }
        return new FuzzRequest(endpoint, category, method, endpoint.path(id) + query, headers, body, false);
    }

    /** A plausible id: a pseudonym for profiles, else a short word. */
    private static String validId(FuzzEndpoint endpoint, Random r) {
        if (endpoint == FuzzEndpoint.GET_PROFILE) {
            StringBuilder hex = new StringBuilder(64);
            for (int i = 0; i < 64; i++) {
                hex.append(Character.forDigit(r.nextInt(16), 16));
            }
            return hex.toString();
        }
        return (endpoint == FuzzEndpoint.GET_ITEM ? "fz-item-" : "fz-user-") + r.nextInt(1000);
    }

    private static FuzzRequest raw(FuzzEndpoint endpoint, FuzzCategory category, byte[] request) {
        return new FuzzRequest(endpoint, category, null, null, Map.of(), request, true);
    }

    /** A request whose target holds {@code bad} bytes in place of U+0001 in {@code target}. */
    private static byte[] rawRequest(String method, String target, Map<String, String> headers, byte[] bad) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(BodyMutations.replace(utf8(method + " " + target + " HTTP/1.1\r\n"), "\u0001", bad));
        headers.forEach((k, v) -> out.writeBytes(utf8(k + ": " + v + "\r\n")));
        out.writeBytes(utf8("Host: 127.0.0.1\r\nConnection: close\r\n\r\n"));
        return out.toByteArray();
    }

    private static byte[] rawLine(FuzzEndpoint endpoint, String method, String id, String query,
                                  Map<String, String> headers, Random r) {
        String key = LocalDevelopmentKeys.HEADER + ": " + headers.getOrDefault(LocalDevelopmentKeys.HEADER, "") + "\r\n";
        String path = endpoint.path(id) + query;
        String text = switch (r.nextInt(12)) {
            case 0 -> method + " " + endpoint.path(id + pick(r, RAW_TARGET_BYTES)) + query + " HTTP/1.1\r\nHost: x\r\n" + key;
            case 1 -> method + " " + path + " HTTP/9.9\r\nHost: x\r\n" + key;
            case 2 -> "GARBAGE\r\n";
            case 3 -> method.toLowerCase(java.util.Locale.ROOT) + " " + path + " HTTP/1.1\r\nHost: x\r\n" + key;
            case 4 -> method + "  HTTP/1.1\r\nHost: x\r\n" + key;
            case 5 -> method + " " + path + " HTTP/1.1\r\n" + key.replace("\r\n", "\u0001\r\n") + "Host: x\r\n";
            case 6 -> method + " " + path + " HTTP/1.1\r\nHost: x\r\nno-colon-header\r\n" + key;
            case 7 -> method + " " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n" + key;
            case 8 -> method + " " + path + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n" + key
                    + "\r\nzz\r\nabc\r\n0\r\n";
            case 9 -> method + " " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n" + key
                    + "\r\n0\r\n";
            case 10 -> method + " http://evil.example" + path + " HTTP/1.1\r\nHost: x\r\n" + key;
            default -> method + " " + path + "#frag HTTP/1.1\r\nHost: x\r\nHost: y\r\n" + key;
        };
        byte[] bytes = utf8(text + (text.endsWith("0\r\n") ? "\r\n" : "Connection: close\r\n\r\n"));
        // U+0001 marks a control character in a header value; U+00FF a byte that is not UTF-8 in the target.
        bytes = text.contains("\u0001") ? BodyMutations.replace(bytes, "\u0001", new byte[] {0x07}) : bytes;
        return text.contains("\u00ff") ? BodyMutations.replace(bytes, "\u00ff", new byte[] {(byte) 0xFF}) : bytes;
    }
}
