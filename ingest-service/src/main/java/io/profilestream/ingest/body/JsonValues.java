package io.profilestream.ingest.body;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.NullNode;
import io.profilestream.model.serde.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;

/** Parses exactly one JSON value from a byte range into a tree, strictly. */
final class JsonValues {

    // Duplicate keys would silently keep one value; trailing zeros of prices are kept as sent.
    private static final ObjectReader READER = Json.mapper().reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);

    private static final Pattern START_MARKER =
            Pattern.compile("\\(start marker at \\[Source: [^;]*; line: (\\d+), column: (\\d+)\\]\\)");

    private JsonValues() {
    }

    /**
     * The single JSON value in {@code bytes[offset, offset + length)}, or null when the range holds
     * only whitespace.
     *
     * @throws BodyRejectedException.MalformedJson when the range is not exactly one valid JSON value;
     *                                             line and column are relative to the range
     */
    static JsonNode parse(byte[] bytes, int offset, int length) {
        try (JsonParser parser = READER.createParser(bytes, offset, length)) {
            if (parser.nextToken() == null) {
                return null;
            }
            JsonNode parsed = READER.readTree(parser);
            JsonNode node = parsed == null ? NullNode.getInstance() : parsed;
            if (parser.nextToken() != null) {
                JsonLocation at = parser.currentTokenLocation();
                throw new BodyRejectedException.MalformedJson(at.getLineNr(), at.getColumnNr(),
                        "unexpected content after the end of the JSON value");
            }
            return node;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new BodyRejectedException.MalformedJson(
                    at == null ? -1 : at.getLineNr(), at == null ? -1 : at.getColumnNr(), readable(e.getOriginalMessage()));
        } catch (IOException e) {
            // A byte array source cannot fail to read.
            throw new UncheckedIOException(e);
        }
    }

    /** Jackson's message without its redacted source description, which only confuses clients. */
    private static String readable(String message) {
        return START_MARKER.matcher(message).replaceAll("(opened at line $1, column $2)");
    }
}
