package io.profilestream.model.streams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a Streams client with a global store start again after an unclean stop under
 * exactly-once.
 *
 * <p>Under exactly-once, Kafka Streams keeps no checkpoint while it runs, so after a SIGKILL a
 * persistent store has none. For a task's store Streams handles that itself (it wipes the store
 * and restores it from the changelog); for a global store, Kafka 4.3.1 throws
 * {@code TaskCorruptedException} for task {@code -1_-1} ("State store catalogue didn't find a valid
 * state, since under EOS it has the risk of getting uncommitted data in stores") from the global
 * thread, and the client can never start again on that state directory. The fault-injection run
 * found it: every restart of the recommender after a SIGKILL failed this way. A global store is a
 * copy of its topic and is restored from it in full anyway, so its directory is deleted before
 * the client starts whenever it has no checkpoint: the restore rebuilds it from committed records.
 */
public final class GlobalStateRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(GlobalStateRecovery.class);
    /** Kafka Streams' name for the checkpoint file and the global stores' directory. */
    static final String CHECKPOINT = ".checkpoint";
    static final String GLOBAL = "global";

    private GlobalStateRecovery() {
    }

    /**
     * Deletes {@code <state.dir>/<application.id>/global} when it exists without a checkpoint and
     * the client runs exactly-once.
     *
     * @return whether it deleted anything
     */
    public static boolean wipeUncheckpointedGlobalState(Properties streamsConfig) {
        String guarantee = streamsConfig.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        String stateDir = streamsConfig.getProperty(StreamsConfig.STATE_DIR_CONFIG);
        String applicationId = streamsConfig.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        if (!StreamsConfig.EXACTLY_ONCE_V2.equals(guarantee) || stateDir == null || applicationId == null) {
            return false;
        }
        Path global = Path.of(stateDir, applicationId, GLOBAL);
        if (!Files.isDirectory(global) || Files.exists(global.resolve(CHECKPOINT)) || isEmpty(global)) {
            return false;
        }
        LOG.info("Global state in {} has no checkpoint (the last stop was unclean): deleting it, it restores from its topic",
                global);
        deleteRecursively(global);
        return true;
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the global state in " + dir, e);
        }
    }
}
