package io.profilestream.trainer.data;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Iterator;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** Delimited text through commons-csv; empty lines are kept as rows so line numbers stay exact. */
final class CsvRowSource implements RowSource {

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final boolean header;
    private final char delimiter;
    private CSVRecord current;

    CsvRowSource(Reader reader, char delimiter, boolean header, Collection<String> columns) throws IOException {
        CSVFormat.Builder format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setTrim(true)
                .setIgnoreEmptyLines(false);
        if (header) {
            format.setHeader().setSkipHeaderRecord(true);
        }
        this.parser = CSVParser.builder().setReader(reader).setFormat(format.get()).get();
        this.records = parser.iterator();
        this.header = header;
        this.delimiter = delimiter;
        if (header) {
            for (String column : columns) {
                if (!parser.getHeaderMap().containsKey(column)) {
                    throw new IllegalArgumentException("column '" + column + "' is not in the header " + parser.getHeaderNames());
                }
            }
        }
    }

    @Override
    public boolean advance() throws IOException {
        try {
            if (!records.hasNext()) {
                return false;
            }
            current = records.next();
            return true;
        } catch (UncheckedIOException e) {
            // A broken quote leaves the parser without a reliable position: stop, naming where.
            throw new IOException("unreadable CSV after line " + parser.getCurrentLineNumber() + ": "
                    + e.getCause().getMessage(), e);
        }
    }

    @Override
    public long line() {
        return current.getRecordNumber() + (header ? 1 : 0);
    }

    @Override
    public String raw() {
        return String.join(String.valueOf(delimiter), current.values());
    }

    @Override
    public String value(String column) {
        if (current.size() == 1 && current.get(0).isEmpty()) {
            throw new RowRejectedException("empty line");
        }
        String v;
        if (header) {
            if (!current.isSet(column)) {
                throw new RowRejectedException("has " + current.size() + " columns, column '" + column + "' is missing");
            }
            v = current.get(column);
        } else {
            int index = Integer.parseInt(column);
            if (index >= current.size()) {
                throw new RowRejectedException("has " + current.size() + " columns, column " + index + " is missing");
            }
            v = current.get(index);
        }
        return v == null || v.isBlank() ? null : v.trim();
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
