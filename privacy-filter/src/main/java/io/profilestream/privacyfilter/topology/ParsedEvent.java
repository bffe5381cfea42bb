package io.profilestream.privacyfilter.topology;

import io.profilestream.model.event.RawEvent;

/**
 * A raw event between {@code parse} and {@code pseudonymise}, travelling with the bytes it was read
 * from so a later rejection can dead-letter the original payload rather than a re-serialisation
 * (kept on the topic only if {@code profilestream.filter.dead-letter-payloads} is on),
 * and with the user's pseudonym once {@link ErasureGuardProcessor} has computed it, so the HMAC is
 * computed once per event rather than once per step that needs it. It never leaves the topology
 * and is never a key or compared (a record's equality would compare the byte array by reference).
 *
 * @param event    the parsed event
 * @param original the record value as read from the raw topic
 * @param userKey  the HMAC pseudonym of {@code event.userId()}, or null until computed
 */
public record ParsedEvent(RawEvent event, byte[] original, String userKey) {

    /** An event whose pseudonym is not computed yet (what {@code parse} and {@code normalise} produce). */
    public ParsedEvent(RawEvent event, byte[] original) {
        this(event, original, null);
    }

    /** This event with its user pseudonym set. */
    public ParsedEvent withUserKey(String userKey) {
        return new ParsedEvent(event, original, userKey);
    }
}
