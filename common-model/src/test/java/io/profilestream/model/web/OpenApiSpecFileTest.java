package io.profilestream.model.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenApiSpecFileTest {

    @Test
    void shouldSortKeysAtEveryLevelAndKeepNumbersAsWritten() throws Exception {
        assertThat(OpenApiSpecFile.canonical("{\"b\":1.50,\"a\":{\"d\":[2,1],\"c\":true}}"))
                .isEqualTo("{\n  \"a\" : {\n    \"c\" : true,\n    \"d\" : [\n      2,\n      1\n    ]\n  },\n  \"b\" : 1.50\n}\n");
    }

    @Test
    void shouldShowOnlyTheDifferingLinesWithTheirNumbers() {
        assertThat(OpenApiSpecFile.diff("a\nb\nc\nd\n", "a\nB\nc\nd\n"))
                .isEqualTo("- checked in (lines 2-2):\n    2 b\n+ served (lines 2-2):\n    2 B\n");
    }

    @Test
    void shouldFailWithTheDiffAndTheRegenerateCommandWhenTheServedDocumentDrifted(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("svc.json");
        Files.writeString(file, OpenApiSpecFile.canonical("{\"a\":1}"));

        OpenApiSpecFile.assertServedMatches("{\"a\" : 1}", file, "svc");
        assertThatThrownBy(() -> OpenApiSpecFile.assertServedMatches("{\"a\":2}", file, "svc"))
                .hasMessageContaining("- checked in (lines 2-2):\n    2   \"a\" : 1\n+ served (lines 2-2):\n    2   \"a\" : 2\n")
                .hasMessageContaining("mvn -B -o -pl svc test -Dtest=OpenApiSpecTest -Dopenapi.update=true");
    }
}
