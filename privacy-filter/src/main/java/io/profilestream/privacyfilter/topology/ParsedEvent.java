package io.profilestream.privacyfilter.topology;

import io.profilestream.model.event.RawEvent;

/**
 * A raw event between {@code parse} and {@code normalise}, travelling with the bytes it was read
 * from so a later rejection can dead-letter the original payload rather than a re-serialisation.
 * It never leaves the topology and is never a key or compared (a record's equality would
 * compare the byte array by reference).
 *
 * @param event    the parsed event
 * @param original the record value as read from the raw topic
 */
public record ParsedEvent(RawEvent event, byte[] original) {
}
