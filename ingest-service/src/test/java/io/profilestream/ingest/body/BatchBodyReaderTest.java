package io.profilestream.ingest.body;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.profilestream.ingest.validation.Violation;
import io.profilestream.ingest.validation.ViolationCode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchBodyReaderTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final BatchBodyReader reader = new BatchBodyReader(64, 3);

    private static InputStream stream(String body) {
        return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
    }

    private List<BatchEntry> read(String body, BodyFormat format) {
        return reader.read(stream(body), -1, format);
    }

    /** Counts the bytes a reader pulls, to prove reading stops at the limit. */
    private static final class CountingStream extends InputStream {
        private final long size;
        long read;

        CountingStream(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            if (read >= size) {
                return -1;
            }
            read++;
            return ' ';
        }
    }

    @Test
    void shouldReadSingleObjectAsOneEntry() {
        assertThat(read(" {\"a\":1} ", BodyFormat.JSON))
                .containsExactly(BatchEntry.parsed(0, NODES.objectNode().put("a", 1)));
    }

    @Test
    void shouldReadArrayElementsInOrderWhateverTheirType() {
        assertThat(read("[{\"a\":1},2]", BodyFormat.JSON)).containsExactly(
                BatchEntry.parsed(0, NODES.objectNode().put("a", 1)), BatchEntry.parsed(1, NODES.numberNode(2)));
    }

    @Test
    void shouldKeepDecimalsExactlyAsWritten() {
        BigDecimal price = read("{\"p\":19.90}", BodyFormat.JSON).get(0).node().get("p").decimalValue();

        assertThat(price).isEqualTo(new BigDecimal("19.90"));
    }

    @Test
    void shouldSkipBlankNdjsonLinesAndStripCarriageReturns() {
        assertThat(read("\r\n{\"a\":1}\r\n \t\n{\"a\":2}", BodyFormat.NDJSON)).containsExactly(
                BatchEntry.parsed(0, NODES.objectNode().put("a", 1)),
                BatchEntry.parsed(1, NODES.objectNode().put("a", 2)));
    }

    @Test
    void shouldMarkOnlyTheBrokenNdjsonLineWithItsLineNumber() {
        assertThat(read("{\"a\":1}\n\n{\"a\":}\n", BodyFormat.NDJSON)).containsExactly(
                BatchEntry.parsed(0, NODES.objectNode().put("a", 1)),
                BatchEntry.broken(1, new Violation("$", ViolationCode.MALFORMED_JSON,
                        "line 3, column 6 is not valid JSON: Unexpected character ('}' (code 125)): expected a value")));
    }

    @Test
    void shouldTreatTwoValuesOnOneNdjsonLineAsBroken() {
        assertThat(read("{\"a\":1} {\"a\":2}", BodyFormat.NDJSON)).containsExactly(
                BatchEntry.broken(0, new Violation("$", ViolationCode.MALFORMED_JSON,
                        "line 1, column 9 is not valid JSON: unexpected content after the end of the JSON value")));
    }

    @Test
    void shouldRejectDuplicateKeysAsMalformed() {
        assertThatThrownBy(() -> read("{\"a\":1,\"a\":2}", BodyFormat.JSON))
                .isInstanceOfSatisfying(BodyRejectedException.MalformedJson.class, e -> {
                    assertThat(e.line()).isEqualTo(1);
                    assertThat(e.column()).isEqualTo(11);
                    assertThat(e.problem()).isEqualTo("Duplicate field 'a'");
                });
    }

    @Test
    void shouldRejectContentAfterTheJsonValue() {
        assertThatThrownBy(() -> read("{\"a\":1}\n{\"a\":2}", BodyFormat.JSON))
                .isInstanceOfSatisfying(BodyRejectedException.MalformedJson.class, e -> assertThat(e.getMessage())
                        .isEqualTo("invalid JSON at line 2, column 1: unexpected content after the end of the JSON value"));
    }

    @Test
    void shouldRejectScalarBody() {
        assertThatThrownBy(() -> read("null", BodyFormat.JSON))
                .isInstanceOf(BodyRejectedException.NotABatch.class)
                .hasMessage("the body must be a JSON object or an array of JSON objects, not null");
    }

    @Test
    void shouldRejectBodiesWithoutEntries() {
        assertThatThrownBy(() -> read("  ", BodyFormat.JSON)).isInstanceOf(BodyRejectedException.Empty.class);
        assertThatThrownBy(() -> read("[]", BodyFormat.JSON)).isInstanceOf(BodyRejectedException.Empty.class);
        assertThatThrownBy(() -> read("\n \n", BodyFormat.NDJSON)).isInstanceOf(BodyRejectedException.Empty.class);
    }

    @Test
    void shouldRejectMoreEntriesThanTheBatchLimit() {
        assertThatThrownBy(() -> read("[1,2,3,4]", BodyFormat.JSON))
                .isInstanceOfSatisfying(BodyRejectedException.TooManyEntries.class, e -> {
                    assertThat(e.maxBatchSize()).isEqualTo(3);
                    assertThat(e.received()).isEqualTo(4);
                });
        assertThatThrownBy(() -> read("1\n2\n3\n4", BodyFormat.NDJSON))
                .isInstanceOf(BodyRejectedException.TooManyEntries.class);
        assertThat(read("1\n2\n3", BodyFormat.NDJSON)).hasSize(3);
    }

    @Test
    void shouldRejectDeclaredLengthOverTheLimitWithoutReading() {
        CountingStream body = new CountingStream(65);

        assertThatThrownBy(() -> reader.read(body, 65, BodyFormat.JSON))
                .isInstanceOfSatisfying(BodyRejectedException.TooLarge.class,
                        e -> assertThat(e.maxBodyBytes()).isEqualTo(64));
        assertThat(body.read).isZero();
    }

    @Test
    void shouldStopReadingAnUndeclaredBodyOneByteAfterTheLimit() {
        CountingStream body = new CountingStream(10_000_000);

        assertThatThrownBy(() -> reader.read(body, -1, BodyFormat.JSON))
                .isInstanceOf(BodyRejectedException.TooLarge.class);
        assertThat(body.read).isEqualTo(65);
    }

    @Test
    void shouldAcceptBodyOfExactlyTheLimit() {
        String body = "{\"a\":1}" + " ".repeat(64 - 7);

        assertThat(reader.read(stream(body), 64, BodyFormat.JSON)).hasSize(1);
    }

    @Test
    void shouldReportAFailingConnectionAsUnreadable() {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };

        assertThatThrownBy(() -> reader.read(failing, -1, BodyFormat.JSON))
                .isInstanceOf(BodyRejectedException.Unreadable.class)
                .hasRootCauseMessage("connection reset");
    }

    @Test
    void shouldPickTheFormatFromTheContentType() {
        assertThat(BodyFormat.of("application/x-ndjson")).isEqualTo(BodyFormat.NDJSON);
        assertThat(BodyFormat.of("application/x-ndjson;charset=UTF-8")).isEqualTo(BodyFormat.NDJSON);
        assertThat(BodyFormat.of("application/json")).isEqualTo(BodyFormat.JSON);
    }
}
