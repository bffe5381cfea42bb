package io.profilestream.model.profile;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.profilestream.model.bench.PerCallCost;
import io.profilestream.model.serde.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Manual measurement (never run by the build: no @Test) behind {@link NeuralState.FloatsBase64.Writer}:
 * writes neural states of hidden size 128 (the shipped models') with {@link Json#mapper()}, once
 * with the shipped writer ({@code writeBinary}: Jackson base64-encodes into its output buffer) and
 * once with the writer it replaced ({@code writeString} of the JDK encoder's text), in the same
 * run, and prints µs and bytes allocated per state and the ratios old / shipped. It first checks
 * that both give the same bytes and that the old one really is in use, then warms both up
 * (uncounted), and alternates which goes first from round to round.
 *
 * <pre>
 * mvn -B -q -pl common-model test-compile
 * java -cp "common-model/target/test-classes:common-model/target/classes:$(ls local-stack/target/lib/*.jar | tr '\n' ':')" \
 *   io.profilestream.model.profile.NeuralStateWriterBenchmark [writes=200000] [rounds=5]
 * </pre>
 */
public final class NeuralStateWriterBenchmark {

    /** The writer before: the JDK encoder's text, copied into the generator as a JSON string. */
    public static final class JdkTextWriter extends JsonSerializer<float[]> {
        @Override
        public void serialize(float[] v, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeString(NeuralState.FloatsBase64.encode(v));
        }
    }

    /** Puts {@link JdkTextWriter} on {@code h} and {@code c}. */
    abstract static class JdkTextMixIn {
        @JsonSerialize(using = JdkTextWriter.class)
        abstract float[] h();

        @JsonSerialize(using = JdkTextWriter.class)
        abstract float[] c();
    }

    private NeuralStateWriterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int writes = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Random random = new Random(42);
        List<NeuralState> states = new ArrayList<>();
        for (int s = 0; s < 1_000; s++) {
            states.add(new NeuralState("20261201T231451Z-0ce1d553", "s-" + s, List.of("item-" + random.nextInt(50_000)), 1,
                    vector(random), vector(random)));
        }
        ObjectMapper shipped = Json.mapper();
        ObjectMapper old = Json.mapper().copy().addMixIn(NeuralState.class, JdkTextMixIn.class);
        for (NeuralState state : states) {
            if (!Arrays.equals(shipped.writeValueAsBytes(state), old.writeValueAsBytes(state))) {
                throw new IllegalStateException("the two writers disagree on " + state.sessionKey());
            }
        }
        // Equal bytes are the point, so they cannot show that the mix-in took effect; a token
        // buffer can: it keeps writeString as text and writeBinary as bytes.
        if (!old.valueToTree(states.get(0)).get("h").isTextual() || !shipped.valueToTree(states.get(0)).get("h").isBinary()) {
            throw new IllegalStateException("the old writer is not in use");
        }
        measure(old, states, writes / 2);
        measure(shipped, states, writes / 2);
        for (int round = 1; round <= rounds; round++) {
            boolean oldFirst = round % 2 == 1;
            double[] before = oldFirst ? measure(old, states, writes) : null;
            double[] after = measure(shipped, states, writes);
            if (!oldFirst) {
                before = measure(old, states, writes);
            }
            System.out.printf(Locale.ROOT, "round %d (%s first)  writeString(JDK text) %6.2f µs %6.0f B | writeBinary %6.2f µs %6.0f B"
                    + " | ratio %5.2f× time, %5.2f× bytes%n", round, oldFirst ? "old" : "shipped", before[0], before[1], after[0], after[1],
                    before[0] / after[0], before[1] / after[1]);
        }
    }

    private static float[] vector(Random random) {
        float[] v = new float[128];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian() * 0.3f;
        }
        return v;
    }

    private static double[] measure(ObjectMapper mapper, List<NeuralState> states, int writes) throws Exception {
        return PerCallCost.measure(writes, i -> mapper.writeValueAsBytes(states.get(i % states.size())).length);
    }
}
