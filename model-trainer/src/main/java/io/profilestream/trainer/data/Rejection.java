package io.profilestream.trainer.data;

/**
 * A rejected source row.
 *
 * @param line   1-based line number in the source file (header included)
 * @param reason why it was rejected
 * @param raw    the row as read (tabs and line breaks replaced by spaces so the rejects TSV stays one line per row)
 */
public record Rejection(long line, String reason, String raw) {

    public Rejection {
        raw = raw == null ? "" : raw.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
        reason = reason.replace('\t', ' ');
    }

    /** The rejects-file line: {@code line<TAB>reason<TAB>raw}. */
    public String toTsv() {
        return line + "\t" + reason + "\t" + raw;
    }
}
