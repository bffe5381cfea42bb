package io.profilestream.model.event;

/**
 * What the shopper agreed to, as the shop attaches it to an event. Travels past the privacy filter
 * (it is no personal data) so the profile-updater can honour it.
 *
 * <p>{@code personalisation = false} is an objection to profiling (GDPR Art. 21): the
 * profile-updater deletes the user's profile (a tombstone on the compacted profiles topic removes
 * it from every consumer's store too) and ignores the user's later events until an event says
 * {@code personalisation = true} again, which starts a new, empty profile. An event without a
 * consent object changes nothing.
 *
 * @param personalisation whether the user's events may build a profile; never null
 */
public record Consent(boolean personalisation) {

    /** Personalisation allowed. */
    public static final Consent GRANTED = new Consent(true);
    /** Personalisation refused or withdrawn. */
    public static final Consent WITHDRAWN = new Consent(false);
}
