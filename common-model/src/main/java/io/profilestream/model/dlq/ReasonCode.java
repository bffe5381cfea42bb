package io.profilestream.model.dlq;

/** Why a record was diverted to the dead-letter topic. Stable names: operators alert on them. */
public enum ReasonCode {
    /** The record value was not valid JSON for its schema. */
    MALFORMED_RECORD,
    /** The record's schema version is newer than this service understands. */
    UNSUPPORTED_SCHEMA_VERSION,
    /** A required field was missing or empty. */
    MISSING_FIELD,
    /** The quantity was above the configured maximum or below one. */
    QUANTITY_OUT_OF_RANGE,
    /** The price was negative or above the configured maximum. */
    PRICE_OUT_OF_RANGE,
    /** The currency was not a three-letter ISO 4217 code. */
    INVALID_CURRENCY,
    /** The rating was outside 1..5. */
    RATING_OUT_OF_RANGE,
    /**
     * The client timestamp was later than ingest's receive time plus the allowed clock skew: one
     * such event would move decayed scores into the future and devalue every real event after it.
     */
    TIMESTAMP_IN_FUTURE,
    /**
     * The client timestamp was earlier than ingest's receive time minus the configured maximum
     * event age.
     */
    TIMESTAMP_TOO_OLD,
    /**
     * The user sent more events in one rate window than the configured maximum: a burst no person
     * clicks, diverted so it cannot dominate the profile and the popularity counts.
     */
    BOT_SUSPECTED,
    /**
     * The event belongs to a user who was erased after the event was sent (or who sent it before
     * the erasure): profiling it would resurrect the erased profile. The dead letter keeps no
     * payload, so the erased user's data is not copied to the dead-letter topic either.
     */
    USER_ERASED,
    /**
     * The record could be read, but a stream stage failed on it: diverted by the shared
     * processing-error handler so the service keeps running instead of dying on one record. (A
     * required field that is null, which a stage reports with
     * {@link io.profilestream.model.streams.MissingFieldException}, is {@link #MISSING_FIELD}.)
     */
    UNPROCESSABLE_RECORD
}
