package io.profilestream.ml.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsDirectoryTest {

    @TempDir
    Path dir;

    private Path publish(String version) throws IOException {
        return ModelsDirectory.publish(dir, version, tmp -> Files.writeString(tmp.resolve("model.json"), version));
    }

    private List<String> entries() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void shouldPublishTheWrittenFilesUnderTheVersionAndLeaveNoTemporaryDirectory() throws IOException {
        Path written = publish("20261130T031500Z-churn");

        assertThat(written).isEqualTo(dir.resolve("20261130T031500Z-churn"));
        assertThat(Files.readString(written.resolve("model.json"))).isEqualTo("20261130T031500Z-churn");
        assertThat(entries()).containsExactly("20261130T031500Z-churn");
    }

    @Test
    void shouldLeaveNothingWhenWritingFails() throws IOException {
        assertThatThrownBy(() -> ModelsDirectory.publish(dir, "v1", tmp -> {
            Files.writeString(tmp.resolve("half.json"), "{");
            throw new IOException("disk full");
        })).isInstanceOf(IOException.class).hasMessage("disk full");

        assertThat(entries()).isEmpty();
    }

    @Test
    void shouldRefuseAnExistingVersionAndABadLabel() throws IOException {
        publish("v1");

        assertThatThrownBy(() -> publish("v1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model version already exists: " + dir.resolve("v1"));
        assertThatThrownBy(() -> publish(".hidden")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model version must match [A-Za-z0-9][A-Za-z0-9._-]*, was '.hidden'");
    }

    @Test
    void shouldTakeThePinnedVersionOtherwiseTheGreatestName() throws IOException {
        assertThat(ModelsDirectory.current(dir)).isEmpty();
        publish("20261129T031500Z-a");
        publish("20261130T031500Z-b");
        Files.createDirectories(dir.resolve("lost+found"));
        Files.createDirectories(dir.resolve(".20261201T031500Z-c.tmp-1"));

        assertThat(ModelsDirectory.versions(dir)).containsExactly("20261129T031500Z-a", "20261130T031500Z-b");
        assertThat(ModelsDirectory.current(dir)).contains(dir.resolve("20261130T031500Z-b"));

        Files.writeString(dir.resolve(ModelsDirectory.CURRENT_FILE), "20261129T031500Z-a\n");
        assertThat(ModelsDirectory.current(dir)).contains(dir.resolve("20261129T031500Z-a"));
    }

    @Test
    void shouldRefuseAPinToAVersionThatDoesNotExist() throws IOException {
        publish("v1");
        Files.writeString(dir.resolve(ModelsDirectory.CURRENT_FILE), "v0");

        assertThatThrownBy(() -> ModelsDirectory.current(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(dir.resolve("CURRENT") + " names version 'v0', which is not a version directory of " + dir);
    }

    @Test
    void shouldPruneAllButTheNewestKeepingThePinnedAndTheProtectedVersions() throws IOException {
        for (String v : List.of("v1", "v2", "v3", "v4", "v5")) {
            publish(v);
        }
        Files.writeString(dir.resolve(ModelsDirectory.CURRENT_FILE), "v2");

        List<String> removed = ModelsDirectory.prune(dir, 2, Set.of("v3"));

        assertThat(removed).containsExactly("v1");
        assertThat(ModelsDirectory.versions(dir)).containsExactly("v2", "v3", "v4", "v5");
        assertThat(ModelsDirectory.prune(dir, 1, Set.of())).containsExactly("v3", "v4");
        assertThat(ModelsDirectory.versions(dir)).containsExactly("v2", "v5");
        assertThatThrownBy(() -> ModelsDirectory.prune(dir, 0, Set.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("keep must be at least 1, got 0");
    }

    @Test
    void shouldTellTheNewestVersionIgnoringHiddenAndInvalidNames() throws IOException {
        assertThat(ModelsDirectory.newest(dir.resolve("missing"))).isEmpty();
        publish("20261129T031500Z-churn");
        publish("20261130T031500Z-churn");
        Files.createDirectories(dir.resolve(".20261201T000000Z-churn.tmp-1"));
        Files.createDirectories(dir.resolve("lost+found"));

        assertThat(ModelsDirectory.newest(dir)).contains("20261130T031500Z-churn");
    }

    @Test
    void shouldAcceptAPublishableVersionLeavingNoProbeBehind() throws IOException {
        publish("v1");

        ModelsDirectory.requirePublishable(dir, "v2");
        ModelsDirectory.requirePublishable(dir.resolve("new"), "v1");

        assertThat(entries()).containsExactly("new", "v1");
        try (Stream<Path> s = Files.list(dir.resolve("new"))) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void shouldRefuseUpFrontWhatPublishWouldRefuse() throws IOException {
        publish("v1");
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");

        assertThatThrownBy(() -> ModelsDirectory.requirePublishable(dir, "v1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model version already exists: " + dir.resolve("v1"));
        assertThatThrownBy(() -> ModelsDirectory.requirePublishable(dir, "-v")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model version must match [A-Za-z0-9][A-Za-z0-9._-]*, was '-v'");
        // Under a regular file: cannot be created, whoever runs the test (root ignores permission bits).
        assertThatThrownBy(() -> ModelsDirectory.requirePublishable(notADirectory.resolve("models"), "v2"))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot publish into " + notADirectory.resolve("models") + ": ");
        assertThat(entries()).containsExactly("file", "v1");
    }
}
