package io.profilestream.ingest.body;

import com.fasterxml.jackson.databind.JsonNode;
import io.profilestream.ingest.validation.Violation;
import io.profilestream.ingest.validation.ViolationCode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a request body under a hard byte limit and splits it into entries: a single JSON object,
 * a JSON array of them, or NDJSON lines. Whole-body problems throw {@link BodyRejectedException};
 * in NDJSON a broken line only breaks its own entry.
 */
public final class BatchBodyReader {

    private final int maxBodyBytes;
    private final int maxBatchSize;

    /**
     * @param maxBodyBytes largest body read; reading stops at the first byte beyond it
     * @param maxBatchSize most entries one body may hold
     */
    public BatchBodyReader(int maxBodyBytes, int maxBatchSize) {
        this.maxBodyBytes = maxBodyBytes;
        this.maxBatchSize = maxBatchSize;
    }

    /**
     * Reads and splits a body.
     *
     * @param body           the request body; read at most {@code maxBodyBytes + 1} bytes, not closed
     * @param declaredLength Content-Length, or -1 when unknown (chunked)
     * @param format         how the body lays out its entries
     * @return entries in body order, 1..maxBatchSize of them
     * @throws BodyRejectedException when the body as a whole cannot be processed
     */
    public List<BatchEntry> read(InputStream body, long declaredLength, BodyFormat format) {
        byte[] bytes = readLimited(body, declaredLength);
        return format == BodyFormat.NDJSON ? ndjson(bytes) : json(bytes);
    }

    /**
     * Reads and splits the body of a servlet request, using its Content-Length and Content-Type.
     *
     * @throws BodyRejectedException when the body as a whole cannot be processed
     */
    public List<BatchEntry> read(HttpServletRequest request) {
        InputStream body;
        try {
            body = request.getInputStream();
        } catch (IOException e) {
            throw new BodyRejectedException.Unreadable(e);
        }
        return read(body, request.getContentLengthLong(), BodyFormat.of(request.getContentType()));
    }

    private byte[] readLimited(InputStream body, long declaredLength) {
        if (declaredLength > maxBodyBytes) {
            throw new BodyRejectedException.TooLarge(maxBodyBytes);
        }
        byte[] bytes;
        try {
            bytes = body.readNBytes(maxBodyBytes + 1);
        } catch (IOException e) {
            throw new BodyRejectedException.Unreadable(e);
        }
        if (bytes.length > maxBodyBytes) {
            throw new BodyRejectedException.TooLarge(maxBodyBytes);
        }
        return bytes;
    }

    private List<BatchEntry> json(byte[] bytes) {
        JsonNode root = JsonValues.parse(bytes, 0, bytes.length);
        if (root == null) {
            throw new BodyRejectedException.Empty();
        }
        if (root.isObject()) {
            return List.of(BatchEntry.parsed(0, root));
        }
        if (!root.isArray()) {
            throw new BodyRejectedException.NotABatch(root.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        checkCount(root.size());
        List<BatchEntry> entries = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            entries.add(BatchEntry.parsed(i, root.get(i)));
        }
        return entries;
    }

    private List<BatchEntry> ndjson(byte[] bytes) {
        List<Line> lines = nonBlankLines(bytes);
        checkCount(lines.size());
        List<BatchEntry> entries = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            try {
                entries.add(BatchEntry.parsed(i, JsonValues.parse(bytes, line.start(), line.end() - line.start())));
            } catch (BodyRejectedException.MalformedJson e) {
                entries.add(BatchEntry.broken(i, new Violation(Violation.WHOLE_ENTRY, ViolationCode.MALFORMED_JSON,
                        "line " + line.number() + ", column " + e.column() + " is not valid JSON: " + e.problem())));
            }
        }
        return entries;
    }

    private void checkCount(int count) {
        if (count > maxBatchSize) {
            throw new BodyRejectedException.TooManyEntries(maxBatchSize, count);
        }
        if (count == 0) {
            throw new BodyRejectedException.Empty();
        }
    }

    /** Lines split on LF (a CR before it belongs to the line ending); whitespace-only lines are skipped. */
    private static List<Line> nonBlankLines(byte[] bytes) {
        List<Line> lines = new ArrayList<>();
        int start = 0;
        int number = 1;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                int end = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
                if (!isBlank(bytes, start, end)) {
                    lines.add(new Line(number, start, end));
                }
                start = i + 1;
                number++;
            }
        }
        return lines;
    }

    private static boolean isBlank(byte[] bytes, int start, int end) {
        for (int i = start; i < end; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** A line of an NDJSON body: 1-based line number and byte range [start, end). */
    private record Line(int number, int start, int end) {
    }
}
