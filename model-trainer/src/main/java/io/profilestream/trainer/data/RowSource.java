package io.profilestream.trainer.data;

import java.io.IOException;

/** Rows of a source file, one at a time, so files larger than memory stream through. */
interface RowSource extends AutoCloseable {

    /** Moves to the next row; false at the end. */
    boolean advance() throws IOException;

    /** 1-based line number of the current row in the file. */
    long line();

    /** The current row as read, for the rejects file. */
    String raw();

    /**
     * The value of {@code column} in the current row, trimmed; null when empty.
     *
     * @throws RowRejectedException when the row is malformed or lacks the column
     */
    String value(String column);

    @Override
    void close() throws IOException;
}
