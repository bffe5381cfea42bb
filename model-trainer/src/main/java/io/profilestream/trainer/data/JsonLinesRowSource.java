package io.profilestream.trainer.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import io.profilestream.model.serde.Json;
import java.io.BufferedReader;
import java.io.IOException;

/** One JSON object per line; a line that is not a JSON object is rejected, blank lines are skipped. */
final class JsonLinesRowSource implements RowSource {

    /** Decimals as written (a price of 414.70 stays 414.70, 350.00 does not become 3.5E+2). */
    private final ObjectReader json = Json.mapper().reader().without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);
    private final BufferedReader reader;
    private long line;
    private String raw;
    private JsonNode node;
    private String error;

    JsonLinesRowSource(BufferedReader reader) {
        this.reader = reader;
    }

    @Override
    public boolean advance() throws IOException {
        while (true) {
            raw = reader.readLine();
            if (raw == null) {
                return false;
            }
            line++;
            if (!raw.isBlank()) {
                break;
            }
        }
        node = null;
        error = null;
        try {
            JsonNode parsed = json.readTree(raw);
            if (parsed == null || !parsed.isObject()) {
                error = "not a JSON object";
            } else {
                node = parsed;
            }
        } catch (JsonProcessingException e) {
            error = "not valid JSON: " + e.getOriginalMessage();
        }
        return true;
    }

    @Override
    public long line() {
        return line;
    }

    @Override
    public String raw() {
        return raw;
    }

    @Override
    public String value(String column) {
        if (error != null) {
            throw new RowRejectedException(error);
        }
        JsonNode v = node.get(column);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isContainerNode()) {
            throw new RowRejectedException("field '" + column + "' is not a scalar");
        }
        String s = v.asText();
        return s.isBlank() ? null : s.trim();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
