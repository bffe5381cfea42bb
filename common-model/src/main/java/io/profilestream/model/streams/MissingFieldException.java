package io.profilestream.model.streams;

import java.util.Objects;

/**
 * Thrown by a stream processor when a record that could be read lacks a field the stage cannot do
 * without (a clean event without a user key, an erasure command without its user...): such a
 * record reached the topic by other means than our own producers, which never write it. Instead
 * of skipping it with a log line (a silent loss), the processor throws this and
 * {@link PoisonRecordHandler} diverts the record to the dead-letter topic with
 * {@link io.profilestream.model.dlq.ReasonCode#MISSING_FIELD} and the detail
 * {@code missing required field <path>}.
 *
 * <p>Carries the field's path only (e.g. {@code userKey}, {@code header key-wrap}), never a
 * value: the detail and the log must not copy a record's contents. A tombstone (null value on a
 * compacted topic) is not a missing field; processors keep handling those as deletes.
 */
public class MissingFieldException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * @param field the path of the missing field, as the record's JSON names it (no value)
     */
    public MissingFieldException(String field) {
        // No stack trace: this is a verdict on a record, not a bug, and may be thrown per record.
        super("missing required field " + Objects.requireNonNull(field, "field"), null, false, false);
        this.field = field;
    }

    /** The path of the missing field, e.g. {@code userKey}. */
    public String field() {
        return field;
    }
}
