package io.profilestream.ml.artifact;

import io.profilestream.ml.ItemStats;
import io.profilestream.ml.ItemVocabulary;
import io.profilestream.ml.knn.TrainingSessions;
import io.profilestream.ml.lstm.RepeatHead;
import io.profilestream.model.serde.Json;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The data files of a model directory besides the networks: {@value ModelArtifact#ITEMS} (one line
 * per vocabulary item, in vocabulary order: {@code item_id TAB training_clicks TAB category}) and
 * {@value ModelArtifact#SESSIONS} (the training sessions in recency order as vocabulary indexes:
 * the magic bytes {@code PSS1}, then unsigned LEB128 varints: item count, session count, and per
 * session its length and its indexes), and {@value ModelArtifact#REPEAT} (the LSTM's
 * {@link RepeatHead} as JSON: {@code {"scale": s, "recency": [8 logits]}}). Readers validate
 * every value and name the file in errors.
 */
final class ArtifactFiles {

    private static final byte[] SESSIONS_MAGIC = {'P', 'S', 'S', '1'};

    private ArtifactFiles() {
    }

    static void writeItems(Path file, ItemVocabulary vocabulary, ItemStats stats) throws IOException {
        if (stats.size() != vocabulary.size()) {
            throw new IllegalArgumentException("item statistics cover " + stats.size() + " items but the vocabulary has "
                    + vocabulary.size());
        }
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < vocabulary.size(); i++) {
                String category = stats.category(i);
                if (category.indexOf('\t') >= 0 || category.indexOf('\n') >= 0 || category.indexOf('\r') >= 0) {
                    throw new IllegalArgumentException("category of item " + vocabulary.id(i)
                            + " contains a tab or line break");
                }
                w.write(vocabulary.id(i) + "\t" + stats.clicks(i) + "\t" + category + "\n");
            }
        }
    }

    /** The file's JSON shape, so the record's other accessors never become fields. */
    record RepeatJson(Float scale, float[] recency) {
    }

    static void writeRepeatHead(Path file, RepeatHead head) throws IOException {
        Json.mapper().writeValue(file.toFile(), new RepeatJson(head.scale(), head.recency()));
    }

    static RepeatHead readRepeatHead(Path file) {
        String name = ModelArtifact.REPEAT;
        RepeatJson json;
        try {
            json = Json.mapper().readValue(file.toFile(), RepeatJson.class);
        } catch (IOException ex) {
            throw new ModelArtifactException(name + ": not a valid repeat head: " + ex.getMessage(), ex);
        }
        if (json == null || json.scale() == null) {
            throw new ModelArtifactException(name + ": not a valid repeat head: no scale");
        }
        try {
            return new RepeatHead(json.scale(), json.recency());
        } catch (IllegalArgumentException ex) {
            throw new ModelArtifactException(name + ": not a valid repeat head: " + ex.getMessage(), ex);
        }
    }

    static ItemStats readItems(Path file, ItemVocabulary vocabulary) {
        String name = ModelArtifact.ITEMS;
        int n = vocabulary.size();
        int[] clicks = new int[n];
        String[] categories = new String[n];
        int line = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String s = r.readLine(); s != null; s = r.readLine()) {
                if (line == n) {
                    throw new ModelArtifactException(name + ": more lines than the " + n + " vocabulary items");
                }
                String[] f = s.split("\t", -1);
                if (f.length != 3) {
                    throw new ModelArtifactException(name + ": line " + (line + 1) + " has " + f.length
                            + " fields, expected item_id, clicks and category");
                }
                if (!f[0].equals(vocabulary.id(line))) {
                    throw new ModelArtifactException(name + ": line " + (line + 1) + " is item '" + f[0]
                            + "' but vocabulary.txt has '" + vocabulary.id(line) + "' there");
                }
                try {
                    clicks[line] = Integer.parseInt(f[1]);
                } catch (NumberFormatException e) {
                    clicks[line] = -1;
                }
                if (clicks[line] < 0) {
                    throw new ModelArtifactException(name + ": line " + (line + 1) + " has click count '" + f[1]
                            + "', expected a whole number >= 0");
                }
                categories[line] = f[2];
                line++;
            }
        } catch (IOException e) {
            throw new ModelArtifactException(name + ": unreadable: " + e.getMessage(), e);
        }
        if (line != n) {
            throw new ModelArtifactException(name + ": has " + line + " items but vocabulary.txt has " + n);
        }
        return new ItemStats(clicks, categories);
    }

    static void writeSessions(Path file, TrainingSessions sessions) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            out.write(SESSIONS_MAGIC);
            writeVarint(out, sessions.itemCount());
            writeVarint(out, sessions.size());
            for (int s = 0; s < sessions.size(); s++) {
                int[] clicks = sessions.session(s);
                writeVarint(out, clicks.length);
                for (int item : clicks) {
                    writeVarint(out, item);
                }
            }
        }
    }

    static TrainingSessions readSessions(Path file, int vocabularySize) {
        String name = ModelArtifact.SESSIONS;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            byte[] magic = new byte[SESSIONS_MAGIC.length];
            in.readFully(magic);
            if (!java.util.Arrays.equals(magic, SESSIONS_MAGIC)) {
                throw new ModelArtifactException(name + ": not a sessions file (bad magic bytes)");
            }
            int items = readVarint(in);
            if (items != vocabularySize) {
                throw new ModelArtifactException(name + ": indexes " + items + " items but vocabulary.txt has "
                        + vocabularySize);
            }
            int count = readVarint(in);
            int[][] sessions = new int[count][];
            for (int s = 0; s < count; s++) {
                int length = readVarint(in);
                if (length < 1 || length > 1_000_000) {
                    throw new ModelArtifactException(name + ": session " + s + " has length " + length);
                }
                int[] clicks = new int[length];
                for (int p = 0; p < length; p++) {
                    clicks[p] = readVarint(in);
                    if (clicks[p] >= items) {
                        throw new ModelArtifactException(name + ": session " + s + " has item index " + clicks[p]
                                + " outside the vocabulary of " + items);
                    }
                }
                sessions[s] = clicks;
            }
            if (in.read() != -1) {
                throw new ModelArtifactException(name + ": unexpected bytes after " + count + " sessions");
            }
            return TrainingSessions.ordered(items, sessions);
        } catch (EOFException e) {
            throw new ModelArtifactException(name + ": truncated", e);
        } catch (IOException e) {
            throw new ModelArtifactException(name + ": unreadable: " + e.getMessage(), e);
        }
    }

    private static void writeVarint(OutputStream out, int value) throws IOException {
        if (value < 0) {
            throw new IllegalArgumentException("negative value " + value);
        }
        while ((value & ~0x7F) != 0) {
            out.write((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write(value);
    }

    private static int readVarint(InputStream in) throws IOException {
        int value = 0;
        for (int shift = 0; shift < 32; shift += 7) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException();
            }
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (value < 0) {
                    break;
                }
                return value;
            }
        }
        throw new IOException("malformed number");
    }
}
