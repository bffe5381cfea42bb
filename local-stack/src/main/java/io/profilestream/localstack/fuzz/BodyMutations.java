package io.profilestream.localstack.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Malformed JSON bodies for {@code POST /v1/events} and {@code POST /v1/items}, each derived from a
 * valid body by one mutation of a {@link FuzzCategory}, drawn from a seeded {@link Random}.
 */
final class BodyMutations {

    /** Deep enough to overflow a recursive parser's stack (Jackson 2.15+ limits nesting to 1000). */
    static final int DEEP = 10_000;
    /** The "10 MB body". */
    static final int TEN_MB = 10 * 1024 * 1024;

    private static final String[] HUGE_NUMBERS = {"1e400", "-1e400", "1e-400", "18446744073709551616",
            "-9223372036854775809", "-0", "-0.0", "\"NaN\"", "NaN", "\"Infinity\"", "Infinity", "-Infinity",
            "1" + "0".repeat(400), "0x10", "1.7976931348623157e309", "00012", "+1", ".5", "1e", "\"1e400\""};
    private static final String[] WRONG_VALUES = {"12345", "true", "{}", "[]", "{\"a\":1}", "[1,2]", "\"text\"",
            "-1", "3.14", "null", "\"\""};
    private static final String[] BROKEN = {"{", "}", "[", "{\"a\":}", "{,}", "{\"a\" 1}", "{'a': 1}", "nul", "tru",
            "{\"a\":1,}", "[1,]", "{\"a\":1} // comment", "{\"a\":1}}", "\"unterminated", "{\"a\":\"\\x\"}",
            "{\"a\":\"\\u12\"}", "\ufeff{", ",", ":", "{\"a\":1}{\"b\":2", "{\"a\":01}", "[[[]]"};
    private static final String[] UNKNOWN = {"\"zzz\":1", "\"@class\":\"java.lang.ProcessBuilder\"", "\"__proto__\":{\"x\":1}",
            "\"constructor\":{\"prototype\":{}}", "\"$type\":\"System.Object\"", "\"extra\":{\"nested\":[1,{\"deeper\":null}]}",
            "\"receivedAt\":\"2020-01-01T00:00:00Z\"", "\"userKey\":\"forged\"", "\"EVENTID\":\"x\""};
    private static final byte[][] BAD_UTF8 = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xFE, (byte) 0xFF},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80},
            {(byte) 0xE2, (byte) 0x82}, {(byte) 0x80}};

    private BodyMutations() {
    }

    /** A valid body's fields for the endpoint, in order; values are JSON text. */
    static Map<String, String> validFields(FuzzEndpoint endpoint, Random r, Instant now) {
        Map<String, String> f = new LinkedHashMap<>();
        if (endpoint == FuzzEndpoint.POST_ITEMS) {
            f.put("itemId", "\"fz-item-" + r.nextInt(1000) + "\"");
            f.put("category", "\"fz-cat\"");
            f.put("brand", "\"fz-brand\"");
            f.put("price", "12.50");
            f.put("currency", "\"EUR\"");
            f.put("inStock", "true");
            f.put("updatedAt", "\"2026-01-01T00:00:00Z\"");
            return f;
        }
        f.put("schemaVersion", "1");
        f.put("eventId", "\"fz-" + Long.toString(r.nextLong() & Long.MAX_VALUE, 36) + "\"");
        f.put("userId", "\"fz-user-" + r.nextInt(1000) + "\"");
        f.put("sessionId", "\"fz-session\"");
        f.put("type", "\"purchase\"");
        f.put("itemId", "\"fz-item-1\"");
        f.put("price", "9.99");
        f.put("currency", "\"EUR\"");
        f.put("quantity", "1");
        f.put("timestamp", "\"" + now.minusSeconds(5) + "\"");
        return f;
    }

    static String object(Map<String, String> fields) {
        StringBuilder s = new StringBuilder("{");
        fields.forEach((k, v) -> s.append(s.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
        return s.append('}').toString();
    }

    /** A body of {@code category} for {@code endpoint}. */
    static byte[] body(FuzzEndpoint endpoint, FuzzCategory category, Random r, Instant now) {
        Map<String, String> fields = validFields(endpoint, r, now);
        List<String> names = new ArrayList<>(fields.keySet());
        String field = names.get(r.nextInt(names.size()));
        return switch (category) {
            case BROKEN_JSON -> broken(fields, r);
            case WRONG_TYPES -> {
                if (r.nextInt(6) == 0) {
                    yield utf8(pick(r, WRONG_VALUES));
                }
                fields.put(field, pick(r, WRONG_VALUES));
                yield utf8(maybeArray(object(fields), r));
            }
            case MISSING_FIELDS -> missing(fields, field, r);
            case HUGE_NUMBERS -> {
                String numeric = pick(r, endpoint == FuzzEndpoint.POST_ITEMS
                        ? new String[] {"price", "updatedAt", "inStock"}
                        : new String[] {"schemaVersion", "price", "quantity", "timestamp", "rating"});
                fields.put(numeric, pick(r, HUGE_NUMBERS));
                yield utf8(maybeArray(object(fields), r));
            }
            case DEEP_NESTING -> deep(fields, field, r);
            case HUGE_BODY -> huge(fields, field, r);
            case INVALID_UTF8 -> {
                byte[] bad = BAD_UTF8[r.nextInt(BAD_UTF8.length)];
                fields.put(field, "\"a\u0001MARK\u0001b\"");
                yield replace(utf8(object(fields)), "\u0001MARK\u0001", bad);
            }
            case CONTROL_CHARS -> {
                char c = (char) pick(r, new int[] {0, 7, 8, 0x1b, 0x0b, 0x7f, 0x0c, 0x1f});
                // Raw (invalid JSON) or escaped (valid JSON carrying a control character).
                String value = r.nextBoolean() ? "\"x" + c + "y\"" : "\"x\\u" + String.format("%04x", (int) c) + "y\"";
                fields.put(field, value);
                yield utf8(object(fields));
            }
            case UNKNOWN_FIELDS -> {
                String json = object(fields);
                yield utf8(json.substring(0, json.length() - 1) + "," + pick(r, UNKNOWN) + "}");
            }
            default -> utf8(object(fields));
        };
    }

    private static byte[] broken(Map<String, String> fields, Random r) {
        String valid = object(fields);
        return switch (r.nextInt(4)) {
            case 0 -> utf8(valid.substring(0, 1 + r.nextInt(valid.length() - 1)));
            case 1 -> utf8(pick(r, BROKEN));
            case 2 -> {
                int at = r.nextInt(valid.length());
                yield utf8(valid.substring(0, at) + pick(r, new String[] {"\"", "}", "{", ",", ":", "]"}) + valid.substring(at));
            }
            default -> utf8(valid + pick(r, BROKEN));
        };
    }

    private static byte[] missing(Map<String, String> fields, String field, Random r) {
        return switch (r.nextInt(7)) {
            case 0 -> {
                fields.remove(field);
                yield utf8(object(fields));
            }
            case 1 -> {
                fields.put(field, "null");
                yield utf8(object(fields));
            }
            case 2 -> {
                fields.put(field, pick(r, new String[] {"\"\"", "\"   \"", "\"\\t\""}));
                yield utf8(object(fields));
            }
            case 3 -> utf8(pick(r, new String[] {"{}", "[]", "[{}]", "null", "[null]", "\"\"", "[[]]"}));
            case 4 -> new byte[0];
            case 5 -> utf8(pick(r, new String[] {" ", "\n", "\r\n\r\n"}));
            default -> {
                fields.keySet().retainAll(List.of(field));
                yield utf8(object(fields));
            }
        };
    }

    private static byte[] deep(Map<String, String> fields, String field, Random r) {
        boolean closed = r.nextBoolean();
        boolean arrays = r.nextBoolean();
        StringBuilder s = new StringBuilder(DEEP * 6);
        String open = arrays ? "[" : "{\"a\":";
        String close = arrays ? "]" : "}";
        s.append(open.repeat(DEEP)).append("1");
        if (closed) {
            s.append(close.repeat(DEEP));
        }
        if (r.nextBoolean()) {
            return utf8(s.toString());
        }
        fields.put(field, s.toString());
        return utf8(object(fields));
    }

    private static byte[] huge(Map<String, String> fields, String field, Random r) {
        // Mostly just over the 1 MB limit; one in eight the full 10 MB (enough to prove it, cheap enough to repeat).
        int size = r.nextInt(8) == 0 ? TEN_MB : 1024 * 1024 + 1 + r.nextInt(1024 * 1024);
        return switch (r.nextInt(3)) {
            case 0 -> {
                String one = object(fields);
                StringBuilder s = new StringBuilder(size + one.length() + 2).append('[');
                while (s.length() < size) {
                    s.append(s.length() > 1 ? "," : "").append(one);
                }
                yield utf8(s.append(']').toString());
            }
            case 1 -> {
                fields.put(field, "\"" + "x".repeat(size) + "\"");
                yield utf8(object(fields));
            }
            default -> utf8(" ".repeat(size) + object(fields));
        };
    }

    private static String maybeArray(String json, Random r) {
        return r.nextInt(4) == 0 ? "[" + json + "]" : json;
    }

    static byte[] replace(byte[] body, String marker, byte[] with) {
        String text = new String(body, StandardCharsets.UTF_8);
        int at = text.indexOf(marker);
        byte[] before = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] after = text.substring(at + marker.length()).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + with.length);
        out.writeBytes(before);
        out.writeBytes(with);
        out.writeBytes(after);
        return out.toByteArray();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String pick(Random r, String[] options) {
        return options[r.nextInt(options.length)];
    }

    static int pick(Random r, int[] options) {
        return options[r.nextInt(options.length)];
    }
}
