package io.profilestream.model.serde;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The one Jackson configuration used for every topic, so all services agree on the wire format:
 * {@link #mapper()}, and the same configuration reading types marked {@link KeyedByIds}
 * ({@link #mapperFor}).
 */
public final class Json {

    /**
     * Marks a type whose JSON uses ids as field names, e.g. a map keyed by item ids, so that
     * {@link #mapperFor} reads it without canonicalizing field names.
     *
     * <p>Why: Jackson keeps the field names it has read in one table per {@code JsonFactory}, shared
     * by all its parsers, and a parser copies the whole table before it adds a name the table lacks
     * ({@code ByteQuadsCanonicalizer._verifySharing}). Ids number in the tens of thousands, so
     * the table fills with them and every parse that meets a new id copies it again: 229 KB and
     * ~95 µs per 60-id map, against 8.6 KB and ~7 µs without canonicalizing (14× the time, 27×
     * the bytes; {@code JsonFieldNamesBenchmark} in this module's tests, 2026-12-01). In the
     * recommender that copy was the largest single allocation of the request threads (JFR under
     * the latency benchmark), and each young collection it brought on paused the requests.
     *
     * <p>Why not for every type: documents of fixed field names parse ~1 µs faster canonicalized
     * (same benchmark), and without canonicalizing Jackson reads bytes through a UTF-8
     * {@code Reader}, which replaces malformed UTF-8 instead of rejecting it; so only documents this
     * system wrote itself should be marked. Only the type passed to {@link #mapperFor} counts: the
     * mark is not inherited, and nested types are read by the same parser as their container.
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    public @interface KeyedByIds {
    }

    private static final ObjectMapper MAPPER = configured(JsonMapper.builder());

    private static final ObjectMapper ID_KEYED = configured(JsonMapper.builder(JsonFactory.builder()
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES).build()));

    private Json() {
    }

    private static ObjectMapper configured(JsonMapper.Builder builder) {
        return builder
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                // Readers ignore fields added by newer writers of the same schema version.
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
    }

    /** The shared, thread-safe mapper. Do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * The mapper to read {@code type} with: {@link #mapper()}, or for a type marked
     * {@link KeyedByIds} the same configuration without canonicalizing field names. Both write the
     * same JSON. Thread-safe; do not reconfigure it.
     */
    public static ObjectMapper mapperFor(Class<?> type) {
        return type.isAnnotationPresent(KeyedByIds.class) ? ID_KEYED : MAPPER;
    }
}
