package io.profilestream.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/OPERATIONS.md backs each claim with a test it names ({@code `SomeTest`} or
 * {@code `SomeTest.shouldDoThis`}): every such name must be a test class of the repository, and
 * the method a method of it, so a renamed or deleted test cannot leave a claim unbacked.
 */
class OperationsDocTest {

    private static final Pattern CITED = Pattern.compile("`(\\w+(?:Test|IT))(?:\\.(\\w+))?`");

    @Test
    void shouldNameOnlyTestsThatExist() throws IOException {
        String doc = Files.readString(Repo.path("docs/OPERATIONS.md"));
        List<Path> testSources = testSources();
        Set<String> missing = new TreeSet<>();
        int cited = 0;
        Matcher m = CITED.matcher(doc);
        while (m.find()) {
            cited++;
            List<Path> classes = testSources.stream().filter(p -> p.getFileName().toString().equals(m.group(1) + ".java")).toList();
            if (classes.isEmpty()) {
                missing.add(m.group(1));
            } else if (m.group(2) != null && classes.stream().noneMatch(p -> declares(p, m.group(2)))) {
                missing.add(m.group(1) + "." + m.group(2));
            }
        }

        assertThat(missing).as("tests named in docs/OPERATIONS.md that do not exist").isEmpty();
        assertThat(cited).isGreaterThan(50);
    }

    private static boolean declares(Path source, String method) {
        try {
            return Files.readString(source).contains("void " + method + "(");
        } catch (IOException e) {
            throw new AssertionError("cannot read " + source, e);
        }
    }

    private static List<Path> testSources() throws IOException {
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> modules = Files.list(Repo.root())) {
            for (Path module : modules.filter(Files::isDirectory).toList()) {
                Path tests = module.resolve("src/test/java");
                if (Files.isDirectory(tests)) {
                    try (Stream<Path> files = Files.walk(tests)) {
                        files.filter(f -> f.toString().endsWith(".java")).forEach(sources::add);
                    }
                }
            }
        }
        return sources;
    }
}
