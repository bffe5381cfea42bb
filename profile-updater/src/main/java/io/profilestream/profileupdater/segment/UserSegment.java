package io.profilestream.profileupdater.segment;

/**
 * A user's segment as the profile endpoint shows it ({@code segment}).
 *
 * @param id           the segment id, 0..k-1 of the segment model
 * @param description  the segment's differentially private description (sizes and traits released
 *                     by the trainer, never the exact members)
 * @param modelVersion the segment model's version
 */
public record UserSegment(int id, String description, String modelVersion) {
}
