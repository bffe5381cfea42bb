package io.profilestream.ml.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link VersionedModels} over a model type that is not a {@link ServingModel}: a one-file "note"
 * whose first line is its version label. What the generalisation adds to {@link ModelRegistryTest}:
 * the version function, the artifact named in a mismatch, fixed instances and the choice between
 * one artifact and a models directory.
 */
class VersionedModelsTest {

    /** The model: a version label and a text. */
    record Note(String version, String text) {
    }

    static final String FILE = "note.txt";

    @TempDir
    Path models;

    private final AtomicInteger loads = new AtomicInteger();

    private Note load(Path path) {
        loads.incrementAndGet();
        Path file = Files.isDirectory(path) ? path.resolve(FILE) : path;
        try {
            String[] lines = Files.readString(file).split("\n");
            if (lines.length != 2) {
                throw new IllegalArgumentException(file.getFileName() + ": expected 2 lines, got " + lines.length);
            }
            return new Note(lines[0], lines[1]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private VersionedModels<Note> notes() {
        return new VersionedModels<>("Note", models, this::load, Note::version, FILE);
    }

    private void write(Path dir, String content) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(FILE), content);
    }

    @Test
    void shouldServeTheGreatestVersionAndNameItWithTheVersionFunction() throws IOException {
        write(models.resolve("2025-01"), "2025-01\nfirst");
        write(models.resolve("2025-02"), "2025-02\nsecond");
        VersionedModels<Note> notes = notes();

        assertThat(notes.scan()).get().isInstanceOfSatisfying(VersionedModels.Event.Loaded.class, e -> {
            assertThat(e.version()).isEqualTo("2025-02");
            assertThat(e.previous()).isNull();
        });
        assertThat(notes.current()).contains(new Note("2025-02", "second"));
        assertThat(notes.currentVersion()).contains("2025-02");
        assertThat(notes.directory()).contains(models);
    }

    @Test
    void shouldRefuseAVersionWhoseArtifactNamesAnotherAndSayWhichFileSaysSo() throws IOException {
        write(models.resolve("2025-01"), "2025-01\nfirst");
        VersionedModels<Note> notes = notes();
        notes.scan();
        write(models.resolve("2025-02"), "2025-09\ncopied");

        assertThat(notes.scan()).contains(new VersionedModels.Event.Refused("2025-02",
                "note.txt says version 2025-09 but the directory is named 2025-02"));
        assertThat(notes.currentVersion()).contains("2025-01");
    }

    @Test
    void shouldRefuseABrokenVersionOnceAndRetryItOnlyWhenItsFilesChange() throws IOException {
        write(models.resolve("2025-01"), "2025-01\nfirst");
        VersionedModels<Note> notes = notes();
        notes.scan();
        write(models.resolve("2025-02"), "2025-02");

        assertThat(notes.scan()).contains(new VersionedModels.Event.Refused("2025-02", "note.txt: expected 2 lines, got 1"));
        assertThat(notes.scan()).isEmpty();
        assertThat(loads).hasValue(2);

        write(models.resolve("2025-02"), "2025-02\nfixed");
        Files.setLastModifiedTime(models.resolve("2025-02").resolve(FILE), FileTime.from(Instant.now().plusSeconds(60)));

        assertThat(notes.scan()).hasValueSatisfying(e -> assertThat(e).isInstanceOf(VersionedModels.Event.Loaded.class));
        assertThat(notes.current()).contains(new Note("2025-02", "fixed"));
        assertThat(loads).hasValue(3);
    }

    @Test
    void shouldServeAFixedModelForEverWithoutLookingAtAnyDirectory() {
        VersionedModels<Note> fixed = VersionedModels.fixed("Note", new Note("n-1", "only"), Note::version);
        fixed.start(java.time.Duration.ofMillis(100));

        assertThat(fixed.scan()).isEmpty();
        assertThat(fixed.currentVersion()).contains("n-1");
        assertThat(fixed.directory()).isEmpty();
        assertThat(fixed.lastEvent()).isNull();
        fixed.close();
    }

    @Test
    void shouldLoadASingleArtifactAtOnceWhenItsFileIsDirectlyInside() throws IOException {
        write(models, "a-1\nsingle");

        VersionedModels<Note> notes = VersionedModels.artifactOrDirectory("Note", models, FILE, this::load, Note::version);

        assertThat(notes.directory()).isEmpty();
        assertThat(notes.current()).contains(new Note("a-1", "single"));
        VersionedModels<Note> byFile = VersionedModels.artifactOrDirectory("Note", models.resolve(FILE), FILE,
                this::load, Note::version);
        assertThat(byFile.current()).contains(new Note("a-1", "single"));
    }

    @Test
    void shouldFailAtOnceForABrokenSingleArtifact() throws IOException {
        write(models, "a-1");

        assertThatThrownBy(() -> VersionedModels.artifactOrDirectory("Note", models, FILE, this::load, Note::version))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("note.txt: expected 2 lines, got 1");
    }

    @Test
    void shouldFollowADirectoryWithoutTheArtifactDirectlyInsideAsAModelsDirectory() throws IOException {
        VersionedModels<Note> notes = VersionedModels.artifactOrDirectory("Note", models, FILE, this::load, Note::version);

        assertThat(notes.directory()).contains(models);
        assertThat(notes.current()).isEmpty();
        assertThat(loads).hasValue(0);

        write(models.resolve("2025-01"), "2025-01\nfirst");
        notes.scan();

        assertThat(notes.current()).contains(new Note("2025-01", "first"));
    }
}
