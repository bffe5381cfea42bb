package io.profilestream.model.streams;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.List;
import java.util.Map;

/**
 * Dead-letter details for {@link PoisonRecordHandler}: field paths, target types, positions and
 * exception types, never an exception's message (Jackson's quote the offending token or value,
 * e.g. {@code Unrecognized token 'alice'}). The privacy filter builds its details with
 * {@link #jsonProblem} too.
 */
public final class PoisonDetail {

    private static final int MAX_CAUSES = 8;

    private PoisonDetail() {
    }

    /** E.g. {@code value on topic t cannot be read: field 'quantity' cannot be read as Integer (line 1, column 13)}. */
    static String unreadable(String topic, Throwable e) {
        String prefix = "value on topic " + topic + " cannot be read: ";
        String json = jsonProblem(e);
        return prefix + (json == null ? types(e) : json);
    }

    /**
     * What is wrong with a JSON value, from the first {@link JsonProcessingException} in the
     * cause chain of {@code e}: the field path, the type Jackson could not produce and the
     * position, e.g. {@code field 'quantity' cannot be read as Integer (line 1, column 13)}; never
     * the exception's message, which quotes the offending value. Null when no JSON error caused
     * {@code e}. The privacy filter's dead letters use it too.
     */
    public static String jsonProblem(Throwable e) {
        JsonProcessingException json = jsonCause(e);
        if (json == null) {
            return null;
        }
        String what;
        if (json instanceof JsonEOFException) {
            what = "the JSON ends early";
        } else if (json instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            what = "field '" + path(mapping.getPath()) + "' cannot be read" + target(mapping);
        } else if (json instanceof JsonMappingException mapping) {
            what = "the value cannot be read" + target(mapping);
        } else {
            what = "not well-formed JSON";
        }
        JsonLocation at = json.getLocation();
        return at == null || at.getLineNr() < 0 ? what
                : what + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    /** E.g. {@code processor apply-event failed on the record: NullPointerException}. */
    static String unprocessable(String processor, Throwable e) {
        return "processor " + processor + " failed on the record: " + types(e);
    }

    /** The {@link MissingFieldException} in the cause chain, or null (a processor may wrap it). */
    static MissingFieldException missingField(Throwable e) {
        Throwable t = e;
        for (int depth = 0; t != null && depth < MAX_CAUSES; depth++, t = t.getCause()) {
            if (t instanceof MissingFieldException missing) {
                return missing;
            }
        }
        return null;
    }

    /** The exception's types, outermost first ({@code SerializationException < JsonParseException}). */
    static String types(Throwable exception) {
        StringBuilder types = new StringBuilder(exception.getClass().getSimpleName());
        Throwable cause = exception.getCause();
        // Bounded: a cause chain can loop.
        for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++, cause = cause.getCause()) {
            types.append(" < ").append(cause.getClass().getSimpleName());
        }
        return types.toString();
    }

    private static JsonProcessingException jsonCause(Throwable e) {
        Throwable t = e;
        for (int depth = 0; t != null && depth < MAX_CAUSES; depth++, t = t.getCause()) {
            if (t instanceof JsonProcessingException json) {
                return json;
            }
        }
        return null;
    }

    /** {@code context.ip}, {@code items[2]}; a map key, which a sender chose, shows as {@code <key>}. */
    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() == null) {
                path.append('[').append(reference.getIndex()).append(']');
                continue;
            }
            if (!path.isEmpty()) {
                path.append('.');
            }
            path.append(reference.getFrom() instanceof Map<?, ?> ? "<key>" : reference.getFieldName());
        }
        return path.toString();
    }

    private static String target(JsonMappingException e) {
        Class<?> type = e instanceof MismatchedInputException mismatch ? mismatch.getTargetType()
                : e instanceof ValueInstantiationException instantiation && instantiation.getType() != null
                        ? instantiation.getType().getRawClass() : null;
        return type == null ? "" : " as " + type.getSimpleName();
    }
}
