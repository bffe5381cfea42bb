package io.profilestream.localstack.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
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

    @Test
    void shouldRefuseAFillLargerThanTheDiskBeforeWritingAnything() throws Exception {
        Path file = dir.resolve("fill.bin");
        long usable = Files.getFileStore(dir).getUsableSpace() >> 20;

        assertThatThrownBy(() -> PageCacheFill.write(file, usable + 1_024, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("--page-cache-fill " + (usable + 1_024) + " MiB does not fit on the disk of " + dir);
        assertThat(file).doesNotExist();
    }
}
