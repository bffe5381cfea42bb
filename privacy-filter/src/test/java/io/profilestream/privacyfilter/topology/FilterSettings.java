package io.profilestream.privacyfilter.topology;

import io.profilestream.privacyfilter.config.FilterProperties;

/** Filter settings for tests that are not in {@link FilterProperties#defaults()}. */
final class FilterSettings {

    private FilterSettings() {
    }

    /** The defaults with {@code dead-letter-payloads} on, as an operator debugging a shop would set it. */
    static FilterProperties keepingDeadLetterPayloads() {
        FilterProperties d = FilterProperties.defaults();
        return new FilterProperties(d.dedupeWindow(), d.maxQuantity(), d.maxPrice(), d.maxClockSkew(),
                d.maxEventAge(), d.botWindow(), d.botMaxEvents(), true);
    }
}
