package io.profilestream.model.web;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The checked-in OpenAPI document of a service ({@code docs/openapi/<service>.json}) and the drift
 * check each service's {@code OpenApiSpecTest} runs against what springdoc serves: one stable text
 * form (keys sorted at every level, two-space indent, LF, numbers as written) so the file diffs
 * well, and a failure that shows the differing lines and the command that regenerates the file.
 * Run with {@code -Dopenapi.update=true} the check rewrites the file instead.
 */
public final class OpenApiSpecFile {

    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final int SHOWN = 40;

    private OpenApiSpecFile() {
    }

    /** {@code docs/openapi/<service>.json}, from the module directory Maven runs the tests in. */
    public static Path of(String service) {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        return module.getParent().resolve("docs").resolve("openapi").resolve(service + ".json");
    }

    /**
     * Fails unless {@code servedJson} is, in stable form, the content of {@code file}; with
     * {@code -Dopenapi.update=true} writes it there instead.
     */
    public static void assertServedMatches(String servedJson, Path file, String module) throws IOException {
        String served = canonical(servedJson);
        if (Boolean.getBoolean("openapi.update")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, served, StandardCharsets.UTF_8);
            System.out.println("Rewrote " + file + ": review it with git diff before committing");
            return;
        }
        String regenerate = "mvn -B -o -pl " + module + " test -Dtest=OpenApiSpecTest -Dopenapi.update=true";
        if (!Files.exists(file)) {
            fail(file + " is missing. Generate it from the repository root with: " + regenerate);
        }
        String checkedIn = Files.readString(file, StandardCharsets.UTF_8);
        if (!checkedIn.equals(served)) {
            fail("The served OpenAPI document differs from " + file + ":\n" + diff(checkedIn, served)
                    + "If the API change is intended, regenerate the file from the repository root with: " + regenerate
                    + " and review its git diff.");
        }
    }

    /** The stable text form of a JSON document. */
    public static String canonical(String json) throws IOException {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        Object tree = CANONICAL.readValue(json, Object.class);
        return CANONICAL.writer(printer).writeValueAsString(tree) + "\n";
    }

    /** The differing stretch of two texts (between their common first and last lines), line-numbered. */
    public static String diff(String expected, String actual) {
        List<String> e = expected.lines().toList();
        List<String> a = actual.lines().toList();
        int first = 0;
        while (first < e.size() && first < a.size() && e.get(first).equals(a.get(first))) {
            first++;
        }
        int lastE = e.size() - 1;
        int lastA = a.size() - 1;
        while (lastE >= first && lastA >= first && e.get(lastE).equals(a.get(lastA))) {
            lastE--;
            lastA--;
        }
        StringBuilder out = new StringBuilder();
        appendLines(out, "- checked in", e, first, lastE);
        appendLines(out, "+ served", a, first, lastA);
        return out.toString();
    }

    private static void appendLines(StringBuilder out, String label, List<String> lines, int from, int to) {
        int shown = Math.min(to, from + SHOWN - 1);
        out.append(label).append(" (lines ").append(from + 1).append('-').append(to + 1).append("):\n");
        for (int i = from; i <= shown; i++) {
            out.append(String.format("%5d %s%n", i + 1, lines.get(i)));
        }
        if (shown < to) {
            out.append("      ... ").append(to - shown).append(" more line(s)\n");
        }
    }
}
