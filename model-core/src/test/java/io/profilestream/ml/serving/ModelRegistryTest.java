package io.profilestream.ml.serving;

import io.profilestream.ml.artifact.ModelArtifact;
import io.profilestream.ml.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** ModelRegistry over real exported artifacts (TestModels) loaded by the production loader. */
class ModelRegistryTest {

    private static final String V1 = "20260101T000000Z-aaaa";
    private static final String V2 = "20260102T000000Z-bbbb";
    private static final String V3 = "20260103T000000Z-cccc";

    @TempDir
    Path models;

    private final Map<String, AtomicInteger> loads = new ConcurrentHashMap<>();
    private final List<ModelRegistry.Event> events = new CopyOnWriteArrayList<>();

    /** {@link ServingModels#load} counting its calls per version directory. */
    private final Function<Path, ServingModel> loader = dir -> {
        loads.computeIfAbsent(dir.getFileName().toString(), k -> new AtomicInteger()).incrementAndGet();
        return ServingModels.load(dir);
    };

    private ModelRegistry registry() {
        ModelRegistry r = new ModelRegistry(models, loader);
        r.addListener(events::add);
        return r;
    }

    private void export(String version) throws IOException {
        TestModels.exportRandom(models, version, 30, 4, 8, version.hashCode());
    }

    private static String served(ModelRegistry r) {
        return r.current().orElseThrow().version();
    }

    @Test
    void shouldServeNothingWhileTheDirectoryDoesNotExist() {
        ModelRegistry r = new ModelRegistry(models.resolve("absent"), loader);
        assertThat(r.scan()).isEmpty();
        assertThat(r.current()).isEmpty();
        assertThat(r.lastEvent()).isNull();
    }

    @Test
    void shouldLoadTheNewestVersionAndIgnoreExportsInProgress() throws IOException {
        export(V1);
        export(V2);
        Files.createDirectories(models.resolve(".20261231T000000Z-zzzz.tmp-123"));
        ModelRegistry r = registry();

        Optional<ModelRegistry.Event> event = r.scan();

        assertThat(event).get().isInstanceOfSatisfying(ModelRegistry.Event.Loaded.class, e -> {
            assertThat(e.version()).isEqualTo(V2);
            assertThat(e.previous()).isNull();
        });
        assertThat(served(r)).isEqualTo(V2);
        assertThat(r.current().orElseThrow().lstm().vocabulary().size()).isEqualTo(30);
        assertThat(loads).containsOnlyKeys(V2);
    }

    @Test
    void shouldSwapInANewerValidExportOnScanAndNotReloadAnUnchangedOne() throws IOException {
        export(V1);
        ModelRegistry r = registry();
        r.scan();
        ServingModel first = r.current().orElseThrow();

        assertThat(r.scan()).isEmpty();
        export(V2);
        Optional<ModelRegistry.Event> event = r.scan();

        assertThat(event).get().isInstanceOfSatisfying(ModelRegistry.Event.Loaded.class, e -> {
            assertThat(e.version()).isEqualTo(V2);
            assertThat(e.previous()).isEqualTo(V1);
        });
        assertThat(served(r)).isEqualTo(V2);
        assertThat(first.version()).isEqualTo(V1);
        assertThat(events).extracting(ModelRegistry.Event::version).containsExactly(V1, V2);
        assertThat(r.lastEvent()).isEqualTo(events.get(1));
        assertThat(loads.get(V1)).hasValue(1);
    }

    @Test
    void shouldServeThePinnedVersionAndRollBackAndForthThroughTheCurrentFile() throws IOException {
        export(V1);
        export(V2);
        Path pin = models.resolve(ModelRegistry.CURRENT_FILE);
        Files.writeString(pin, V1 + "\n");
        ModelRegistry r = registry();

        r.scan();
        assertThat(served(r)).isEqualTo(V1);

        export(V3);
        assertThat(r.scan()).as("pinned: a newer export is not picked up").isEmpty();
        assertThat(served(r)).isEqualTo(V1);

        Files.writeString(pin, V2);
        assertThat(r.scan()).get().isEqualTo(r.lastEvent());
        assertThat(served(r)).isEqualTo(V2);

        Files.delete(pin);
        r.scan();
        assertThat(served(r)).as("unpinned: the newest again").isEqualTo(V3);

        Files.writeString(pin, V1);
        r.scan();
        assertThat(served(r)).as("rolled back").isEqualTo(V1);
        assertThat(events).extracting(ModelRegistry.Event::version).containsExactly(V1, V2, V3, V1);
        assertThat(events).allMatch(e -> e instanceof ModelRegistry.Event.Loaded);
    }

    @Test
    void shouldRefuseACorruptNewerModelKeepTheOldOneAndRetryOnlyWhenItsFilesChange() throws IOException {
        export(V1);
        ModelRegistry r = registry();
        r.scan();
        export(V2);
        Path lstm = models.resolve(V2).resolve(ModelArtifact.LSTM);
        byte[] good = Files.readAllBytes(lstm);
        byte[] bad = good.clone();
        bad[bad.length / 2] ^= 0x5a;
        Files.write(lstm, bad);

        Optional<ModelRegistry.Event> refused = r.scan();

        assertThat(refused).get().isInstanceOfSatisfying(ModelRegistry.Event.Refused.class, e -> {
            assertThat(e.version()).isEqualTo(V2);
            assertThat(e.reason()).startsWith("lstm.zip: corrupt or modified");
        });
        assertThat(served(r)).isEqualTo(V1);
        assertThat(r.scan()).isEmpty();
        assertThat(r.scan()).isEmpty();
        assertThat(loads.get(V2)).as("not retried while the files are unchanged").hasValue(1);
        assertThat(r.lastEvent()).isEqualTo(refused.get());

        Files.write(lstm, good);
        Files.setLastModifiedTime(lstm, FileTime.from(Instant.now().plusSeconds(60)));
        Optional<ModelRegistry.Event> loaded = r.scan();

        assertThat(loaded).get().isInstanceOfSatisfying(ModelRegistry.Event.Loaded.class, e -> {
            assertThat(e.version()).isEqualTo(V2);
            assertThat(e.previous()).isEqualTo(V1);
        });
        assertThat(served(r)).isEqualTo(V2);
        assertThat(loads.get(V2)).hasValue(2);
    }

    @Test
    void shouldRefuseTruncatedMetadataAndKeepTheOldModel() throws IOException {
        export(V1);
        ModelRegistry r = registry();
        r.scan();
        export(V2);
        Path metadata = models.resolve(V2).resolve(ModelArtifact.METADATA);
        byte[] full = Files.readAllBytes(metadata);
        Files.write(metadata, java.util.Arrays.copyOf(full, full.length / 2));

        Optional<ModelRegistry.Event> event = r.scan();

        assertThat(event).get().isInstanceOfSatisfying(ModelRegistry.Event.Refused.class, e -> {
            assertThat(e.version()).isEqualTo(V2);
            assertThat(e.reason()).startsWith("metadata.json: not valid JSON metadata");
        });
        assertThat(served(r)).isEqualTo(V1);
        assertThat(r.scan()).isEmpty();
        assertThat(loads.get(V2)).hasValue(1);
    }

    @Test
    void shouldRefuseAVersionWhoseMetadataNamesAnotherVersion() throws IOException {
        export(V1);
        ModelRegistry r = registry();
        r.scan();
        Path copy = Files.createDirectory(models.resolve(V2));
        try (var files = Files.list(models.resolve(V1))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }

        assertThat(r.scan()).get().isEqualTo(new ModelRegistry.Event.Refused(V2,
                "metadata.json says version " + V1 + " but the directory is named " + V2));
        assertThat(served(r)).isEqualTo(V1);
    }

    @Test
    void shouldIgnoreDirectoriesThatAreNotModelVersions() throws IOException {
        // ext4 volumes have lost+found at their root, and 'l' sorts after every timestamp label.
        Files.createDirectories(models.resolve("lost+found"));
        export(V1);
        ModelRegistry r = registry();

        assertThat(r.scan()).get().isInstanceOf(ModelRegistry.Event.Loaded.class);
        assertThat(served(r)).isEqualTo(V1);
        assertThat(loads).containsOnlyKeys(V1);
    }

    @Test
    void shouldPickUpANewExportByPollingWithoutAScanCall() throws Exception {
        export(V1);
        ModelRegistry r = registry();
        CountDownLatch first = new CountDownLatch(1);
        CountDownLatch second = new CountDownLatch(2);
        r.addListener(e -> {
            first.countDown();
            second.countDown();
        });
        try {
            r.start(Duration.ofMillis(20));
            // Only once the poller's first scan has loaded V1: exported earlier, V2 would be the first
            // (and only) version it sees.
            assertThat(first.await(60, TimeUnit.SECONDS)).isTrue();
            export(V2);
            assertThat(second.await(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            r.close();
        }
        assertThat(served(r)).isEqualTo(V2);
        assertThat(events).extracting(ModelRegistry.Event::version).containsExactly(V1, V2);
    }

    @Test
    void shouldNeverLetConcurrentReadersSeeNoModelOrAnOlderOneDuringSwaps() throws Exception {
        List<String> versions = List.of(V1, V2, V3, "20260104T000000Z-dddd", "20260105T000000Z-eeee");
        export(versions.get(0));
        ModelRegistry r = registry();
        r.scan();
        AtomicBoolean stop = new AtomicBoolean();
        List<List<String>> seen = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicInteger reads = new AtomicInteger();
        for (int t = 0; t < 4; t++) {
            List<String> mine = new ArrayList<>();
            seen.add(mine);
            Thread reader = new Thread(() -> {
                try {
                    do {
                        ServingModel m = r.current().orElseThrow();
                        // A request uses the instance it took; the instance stays usable after a swap.
                        m.replay(List.of("item-1", "item-2"));
                        if (mine.isEmpty() || !mine.get(mine.size() - 1).equals(m.version())) {
                            mine.add(m.version());
                        }
                        reads.incrementAndGet();
                        Thread.yield();
                    } while (!stop.get());
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "reader-" + t);
            readers.add(reader);
            reader.start();
        }
        for (String v : versions.subList(1, versions.size())) {
            export(v);
            assertThat(r.scan()).get().isInstanceOf(ModelRegistry.Event.Loaded.class);
        }
        stop.set(true);
        for (Thread reader : readers) {
            reader.join(60_000);
        }

        assertThat(failures).isEmpty();
        assertThat(reads.get()).isGreaterThanOrEqualTo(4);
        for (List<String> mine : seen) {
            // Each reader's sequence of distinct versions: only exported ones, never going back.
            assertThat(mine).isNotEmpty().allMatch(versions::contains).isSorted().doesNotHaveDuplicates();
        }
        assertThat(served(r)).isEqualTo(versions.get(versions.size() - 1));
        assertThat(events).extracting(ModelRegistry.Event::version).containsExactlyElementsOf(versions);
    }
}
