package io.profilestream.trainer.data;

import io.profilestream.cli.Progress;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The normalised interactions TSV: header {@link Interaction#HEADER}, one interaction per line. */
public final class InteractionFile {

    /** Files above this size get a progress bar when bars are on. */
    private static final long PROGRESS_THRESHOLD_BYTES = 1 << 20;

    private InteractionFile() {
    }

    /** Writes {@code interactions} in the given order. */
    public static void write(Path file, List<Interaction> interactions) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(Interaction.HEADER);
            w.write('\n');
            for (Interaction i : interactions) {
                w.write(i.sessionId() + '\t' + i.userId() + '\t' + i.itemId() + '\t' + i.timeMs() + '\t' + i.type()
                        + '\t' + i.category() + '\t' + i.price());
                w.write('\n');
            }
        }
    }

    /**
     * Reads a file written by {@link #write}, in file order.
     *
     * @throws IOException naming file and line when the header or a line is not in this format
     */
    public static List<Interaction> read(Path file) throws IOException {
        return read(file, false);
    }

    /**
     * {@link #read(Path)}, with a progress bar over the file's bytes when {@code progress} is set and
     * the file is larger than 1 MB.
     */
    public static List<Interaction> read(Path file, boolean progress) throws IOException {
        List<Interaction> out = new ArrayList<>();
        long size = Files.size(file);
        InputStream in = Progress.wrap(Files.newInputStream(file), "read " + file.getFileName(), size,
                progress && size > PROGRESS_THRESHOLD_BYTES);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()), 1 << 16)) {
            String header = r.readLine();
            if (!Interaction.HEADER.equals(header)) {
                throw new IOException(file + ": not an interactions file (expected header '"
                        + Interaction.HEADER.replace("\t", "<TAB>") + "'); create it with the import command");
            }
            long lineNo = 1;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lineNo++;
                if (line.isEmpty()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length != 7) {
                    throw new IOException(file + " line " + lineNo + ": expected 7 tab-separated columns, got " + f.length);
                }
                try {
                    out.add(new Interaction(f[0], f[1], f[2], Long.parseLong(f[3]), f[4], f[5], f[6]));
                } catch (NumberFormatException e) {
                    throw new IOException(file + " line " + lineNo + ": time_ms '" + f[3] + "' is not a number");
                }
            }
        }
        return out;
    }
}
