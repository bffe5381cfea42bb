package io.profilestream.model.dlq;

import java.time.Instant;

/**
 * A record a stream stage refused, with enough context to find, fix and replay it.
 *
 * <p>Privacy by default: stages leave {@code payload} out (null) unless their operator opts in
 * (privacy-filter: {@code profilestream.filter.dead-letter-payloads=true}). The original text holds
 * raw user ids, IPs and free text, and an erasure cannot delete single records from the
 * time-retained dead-letter topic, so a kept payload outlives a user's erasure by up to the topic's
 * retention. {@code USER_ERASED} dead letters never carry one. {@code detail} never quotes a value
 * the sender supplied; it names fields, rules, limits and numbers only. Keep the topic in the raw
 * topic's access class (see docs/PRIVACY.md).
 *
 * @param reason       machine-readable reason
 * @param detail       human-readable explanation naming the field and the rule
 * @param stage        the service that refused it, e.g. {@code privacy-filter}
 * @param sourceTopic  topic the record was read from
 * @param partition    partition it was read from
 * @param offset       offset it was read at
 * @param eventId      the event id if it could be read, else null
 * @param payload      the original value as UTF-8 text (truncated to {@value #MAX_PAYLOAD_CHARS} characters)
 *                     when the stage keeps payloads, else null
 * @param divertedAt   when it was diverted
 */
public record DeadLetter(
        ReasonCode reason,
        String detail,
        String stage,
        String sourceTopic,
        int partition,
        long offset,
        String eventId,
        String payload,
        Instant divertedAt) {

    /** Longest payload kept; a dead letter must never be larger than what the broker accepts. */
    public static final int MAX_PAYLOAD_CHARS = 64 * 1024;

    /** Truncates a payload to the kept length. */
    public static String truncate(String payload) {
        if (payload == null || payload.length() <= MAX_PAYLOAD_CHARS) {
            return payload;
        }
        return payload.substring(0, MAX_PAYLOAD_CHARS);
    }
}
