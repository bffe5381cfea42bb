package io.profilestream.model.event;

/**
 * Request context a shop may attach to an event. It is useful for abuse detection at the
 * privacy filter but is personal data, so it never travels past the filter.
 *
 * @param ip        the shopper's IP address as seen by the shop, or null
 * @param userAgent the shopper's user agent, or null
 */
public record EventContext(String ip, String userAgent) {
}
