package io.profilestream.localstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PageCacheFillTest {

    @TempDir
    Path dir;

    @Test
    void shouldKeepAFileOfTheGivenSizeUntilClosedAndSayHowLongItTook() throws Exception {
        Path file = dir.resolve("fill.bin");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        try (PageCacheFill fill = PageCacheFill.write(file, 3, new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            assertThat(Files.size(file)).isEqualTo(3L << 20);
        }

        assertThat(file).doesNotExist();
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .startsWith("  page cache filled: 3 MiB in ")
                .endsWith(" CPU of this JVM), kept until the phase ends" + System.lineSeparator());
    }
}
