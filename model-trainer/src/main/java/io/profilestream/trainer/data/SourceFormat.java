package io.profilestream.trainer.data;

/** Layout of an import source file. */
public enum SourceFormat {
    /** Delimited text (CSV, TSV, semicolon-separated), with or without a header line. */
    CSV,
    /** One JSON object per line; columns are top-level field names. */
    JSONL
}
