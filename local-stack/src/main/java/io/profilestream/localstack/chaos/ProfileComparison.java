package io.profilestream.localstack.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.profilestream.model.event.EventType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares one user's profile from the run with faults against the same user's profile from the
 * fault-free run, both as profile-updater answers them ({@code GET /v1/profiles/{userKey}}):
 * event counts and every explicit feature exactly, the LSTM state ({@code neural.h},
 * {@code neural.c}, {@code vector.h}) within a tolerance. Pure.
 *
 * <p>Not compared: the fields that are pseudonyms of the namespaced ids ({@code userKey},
 * {@code lastSessionKey}, {@code neural.sessionKey}), which differ by construction.
 */
public final class ProfileComparison {

    /** Largest accepted absolute difference of one LSTM state component. */
    public static final double LSTM_TOLERANCE = 1e-5;

    /** JSON paths that hold pseudonyms of namespaced ids. */
    static final Set<String> PSEUDONYMS = Set.of("userKey", "lastSessionKey", "neural.sessionKey");
    /** JSON paths of the float vectors, compared with {@link #LSTM_TOLERANCE}. */
    static final Set<String> VECTORS = Set.of("neural.h", "neural.c", "vector.h");

    private ProfileComparison() {
    }

    /** How a user's profile from the run with faults relates to the expected one. */
    public enum Outcome {
        /** Same events, same features, LSTM within tolerance. */
        IDENTICAL,
        /** Fewer events applied than expected. */
        LOST,
        /** More events applied than expected. */
        DOUBLED,
        /** Same number of events, but some feature (or the LSTM state) differs. */
        MISMATCH
    }

    /**
     * One user's verdict.
     *
     * @param user        the user id without namespace
     * @param outcome     the verdict
     * @param expected    expected event count
     * @param actual      event count found (0 without a profile)
     * @param diffs       differing fields, {@code path: expected X, actual Y}
     * @param lstmMaxDiff largest absolute difference of an LSTM component (0 when neither has a state)
     */
    public record UserResult(String user, Outcome outcome, long expected, long actual, List<String> diffs,
                             double lstmMaxDiff) {
    }

    /**
     * Compares {@code actual} with {@code expected}; null stands for "no profile" (404).
     *
     * @param tolerance largest accepted LSTM component difference
     */
    public static UserResult compare(String user, JsonNode expected, JsonNode actual, double tolerance) {
        long want = count(expected);
        long got = count(actual);
        List<String> diffs = new ArrayList<>();
        double[] maxDiff = {0};
        if (expected == null || actual == null) {
            if (expected != actual) {
                diffs.add("profile: expected " + (expected == null ? "none" : "one") + ", actual " + (actual == null ? "none" : "one"));
            }
        } else {
            walk("", expected, actual, diffs, maxDiff);
        }
        if (maxDiff[0] > tolerance) {
            diffs.add(String.format(java.util.Locale.ROOT, "lstm: max abs difference %.3g > %.1g", maxDiff[0], tolerance));
        }
        Outcome outcome = got < want ? Outcome.LOST : got > want ? Outcome.DOUBLED
                : diffs.isEmpty() ? Outcome.IDENTICAL : Outcome.MISMATCH;
        return new UserResult(user, outcome, want, got, List.copyOf(diffs), maxDiff[0]);
    }

    /**
     * Compares a profile's event counts (total and per type) with the counts of the generated events.
     *
     * @param truth events per type the user sent; {@code profile} null stands for no profile
     */
    public static UserResult checkCounts(String user, Map<EventType, Long> truth, JsonNode profile) {
        long want = truth.values().stream().mapToLong(Long::longValue).sum();
        long got = count(profile);
        List<String> diffs = new ArrayList<>();
        for (EventType type : EventType.values()) {
            long w = truth.getOrDefault(type, 0L);
            // Count keys are the types' wire names, as everywhere in the JSON.
            long g = profile == null ? 0 : profile.path("counts").path(type.wireName()).asLong(0);
            if (w != g) {
                diffs.add("counts." + type.wireName() + ": expected " + w + ", actual " + g);
            }
        }
        if (want != got) {
            diffs.add(0, "eventCount: expected " + want + ", actual " + got);
        }
        Outcome outcome = got < want ? Outcome.LOST : got > want ? Outcome.DOUBLED
                : diffs.isEmpty() ? Outcome.IDENTICAL : Outcome.MISMATCH;
        return new UserResult(user, outcome, want, got, List.copyOf(diffs), 0);
    }

    private static long count(JsonNode profile) {
        return profile == null ? 0 : profile.path("eventCount").asLong(0);
    }

    private static void walk(String path, JsonNode a, JsonNode b, List<String> diffs, double[] maxDiff) {
        if (PSEUDONYMS.contains(path)) {
            return;
        }
        if (VECTORS.contains(path) && !a.isMissingNode() && !b.isMissingNode() && !a.isNull() && !b.isNull()) {
            float[] x = floats(a);
            float[] y = floats(b);
            if (x.length != y.length) {
                diffs.add(path + ": expected " + x.length + " components, actual " + y.length);
                return;
            }
            for (int i = 0; i < x.length; i++) {
                maxDiff[0] = Math.max(maxDiff[0], Math.abs((double) x[i] - y[i]));
            }
            return;
        }
        if (a.isObject() && b.isObject()) {
            Set<String> names = new TreeSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                walk(path.isEmpty() ? name : path + "." + name, a.path(name), b.path(name), diffs, maxDiff);
            }
        } else if (a.isArray() && b.isArray() && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                walk(path + "[" + i + "]", a.get(i), b.get(i), diffs, maxDiff);
            }
        } else if (!a.equals(b)) {
            diffs.add(path + ": expected " + show(a) + ", actual " + show(b));
        }
    }

    private static String show(JsonNode n) {
        String s = n.isMissingNode() ? "absent" : n.toString();
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }

    /** A vector as JSON: base64 of little-endian floats (neural.h, neural.c) or an array of numbers (vector.h). */
    static float[] floats(JsonNode n) {
        if (n.isArray()) {
            float[] out = new float[n.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) n.get(i).asDouble();
            }
            return out;
        }
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(n.asText())).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[bytes.remaining() / Float.BYTES];
        for (int i = 0; i < out.length; i++) {
            out[i] = bytes.getFloat();
        }
        return out;
    }
}
