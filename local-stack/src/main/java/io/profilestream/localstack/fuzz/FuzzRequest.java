package io.profilestream.localstack.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One malformed request. Sent with java.net.http unless {@link #raw()} is set, in which case
 * {@code body} holds the complete request bytes (request line, headers, body) for a raw socket:
 * what java.net.http refuses to send (spaces or bytes that are not UTF-8 in the target, bad
 * versions, header values with control characters).
 *
 * @param endpoint the endpoint aimed at
 * @param category the kind of malformation
 * @param method   the HTTP method (unused when raw)
 * @param target   path and query as sent (unused when raw)
 * @param headers  request headers (unused when raw)
 * @param body     the body, or null; the whole request when raw
 * @param raw      whether to send {@code body} as it is over a socket
 */
public record FuzzRequest(FuzzEndpoint endpoint, FuzzCategory category, String method, String target,
                          Map<String, String> headers, byte[] body, boolean raw) {

    private static final int SHOWN = 160;

    /** A short printable description for reports: method, target and the start of the body, escaped. */
    public String describe() {
        String start = body == null ? "" : printable(body, SHOWN);
        String size = body == null ? "" : " (" + body.length + " bytes)";
        return raw ? "RAW " + start + size
                : method + " " + printable(target.getBytes(StandardCharsets.UTF_8), SHOWN) + " " + shownHeaders()
                        + (body == null ? "" : " body " + start + size);
    }

    private String shownHeaders() {
        StringBuilder s = new StringBuilder("{");
        headers.forEach((k, v) -> s.append(s.length() > 1 ? ", " : "").append(k).append(": ")
                .append(printable(v.getBytes(StandardCharsets.UTF_8), 40)));
        return s.append('}').toString();
    }

    /** Bytes as text with anything outside printable ASCII escaped as \xNN, cut at {@code max}. */
    static String printable(byte[] bytes, int max) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < bytes.length && s.length() < max; i++) {
            int b = bytes[i] & 0xff;
            if (b >= 0x20 && b < 0x7f) {
                s.append((char) b);
            } else {
                s.append(String.format("\\x%02x", b));
            }
        }
        return bytes.length > max ? s + "..." : s.toString();
    }
}
