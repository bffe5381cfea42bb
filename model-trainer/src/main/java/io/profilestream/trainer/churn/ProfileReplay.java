package io.profilestream.trainer.churn;

import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.event.EventType;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.profileupdater.profile.ProfileFolder;
import io.profilestream.profileupdater.profile.ProfileSettings;
import io.profilestream.trainer.data.Interaction;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The trainer's way to a profile: imported interactions become the clean events the service
 * would receive, and are folded by the profile-updater's own {@link ProfileFolder}, so an offline
 * profile is the profile the service would hold after the same events.
 */
public final class ProfileReplay {

    /** {@link CleanEvent#schemaVersion()} of the events built here. */
    static final int SCHEMA_VERSION = 1;

    private final ProfileFolder folder;

    /** @param settings the fold settings the service runs with (the trainer uses {@link ProfileSettings#defaults()}) */
    public ProfileReplay(ProfileSettings settings) {
        this.folder = new ProfileFolder(Objects.requireNonNull(settings, "settings"));
    }

    /**
     * The clean event an interaction stands for. The user id is used as the user key (the
     * samples are already pseudonymous) and the session id as the session key; fields the
     * interactions file does not carry (brand, currency, quantity) are absent, as for a shop
     * that does not send them.
     *
     * @throws IllegalArgumentException for an event type the service does not know
     */
    public static CleanEvent toEvent(Interaction i) {
        EventType type = EventType.fromWireName(i.type())
                .orElseThrow(() -> new IllegalArgumentException("unknown event type '" + i.type() + "'"));
        return new CleanEvent(SCHEMA_VERSION, null, i.userId(), null, emptyToNull(i.sessionId()), type, i.itemId(),
                emptyToNull(i.category()), null, i.price().isEmpty() ? null : new BigDecimal(i.price()), null, null,
                null, null, null, Instant.ofEpochMilli(i.timeMs()));
    }

    /**
     * Groups interactions into each user's clean events in event-time order (a stable sort, so
     * equal times keep their file order), users in order of first appearance.
     */
    public static Map<String, List<CleanEvent>> eventsByUser(List<Interaction> interactions) {
        Map<String, List<CleanEvent>> byUser = new LinkedHashMap<>();
        for (Interaction i : interactions) {
            byUser.computeIfAbsent(i.userId(), k -> new ArrayList<>()).add(toEvent(i));
        }
        byUser.values().forEach(events -> events.sort(Comparator.comparing(CleanEvent::eventTime)));
        return byUser;
    }

    /**
     * Clean events grouped by user, as {@link #eventsByUser(List)} does for interactions.
     *
     * @param events           each user's events in event-time order (stable), users in order of first appearance
     * @param withoutConsent   events not profiled because of consent
     * @param erasedUsers      users with at least one event dropped for an erasure
     * @param erasedEvents     events dropped for an erasure (and not already for consent)
     */
    public record History(Map<String, List<CleanEvent>> events, long withoutConsent, long erasedUsers,
                          long erasedEvents) {
    }

    /** {@link #eventsByUserKey(List, Predicate)} with no erasure. */
    public static History eventsByUserKey(List<CleanEvent> events) {
        return eventsByUserKey(events, e -> false);
    }

    /**
     * Groups clean events read from the topic by {@link CleanEvent#userKey()} in event-time order
     * (stable), honouring consent as the service does: a withdrawal drops the user's events so far
     * and is itself not profiled, and later events are dropped until one grants consent again.
     * Only what the window holds is known: a withdrawal before the first event read is not.
     *
     * <p>Events {@code erased} says belong to an erased user's past are dropped after consent is
     * decided, not before: a withdrawal erased with the rest still governs the user's later events,
     * as profile-updater keeps an objection across an erasure.
     */
    public static History eventsByUserKey(List<CleanEvent> events, Predicate<CleanEvent> erased) {
        Map<String, List<CleanEvent>> byUser = new LinkedHashMap<>();
        for (CleanEvent e : events) {
            byUser.computeIfAbsent(e.userKey(), k -> new ArrayList<>()).add(e);
        }
        long withoutConsent = 0;
        long erasedUsers = 0;
        long erasedEvents = 0;
        for (var it = byUser.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, List<CleanEvent>> user = it.next();
            List<CleanEvent> all = user.getValue();
            all.sort(Comparator.comparing(CleanEvent::eventTime));
            List<CleanEvent> kept = new ArrayList<>();
            boolean withdrawn = false;
            long erasedBefore = erasedEvents;
            for (CleanEvent e : all) {
                if (e.consent() != null && !e.consent().personalisation()) {
                    withoutConsent += kept.size() + 1;
                    kept.clear();
                    withdrawn = true;
                } else if (e.consent() != null || !withdrawn) {
                    withdrawn = false;
                    if (erased.test(e)) {
                        erasedEvents++;
                    } else {
                        kept.add(e);
                    }
                } else {
                    withoutConsent++;
                }
            }
            if (erasedEvents > erasedBefore) {
                erasedUsers++;
            }
            if (kept.isEmpty()) {
                it.remove();
            } else {
                user.setValue(kept);
            }
        }
        return new History(byUser, withoutConsent, erasedUsers, erasedEvents);
    }

    /**
     * Folds {@code events} (one user's, in order) up to and including {@code asOf}.
     *
     * @return the profile as of {@code asOf}, or null when the user had no event by then
     */
    public UserProfile profileAsOf(List<CleanEvent> events, Instant asOf) {
        UserProfile profile = null;
        for (CleanEvent e : events) {
            if (e.eventTime().isAfter(asOf)) {
                break;
            }
            profile = folder.apply(profile, e);
        }
        return profile;
    }

    /** Folds all of {@code events} in the given order. */
    public UserProfile fold(List<CleanEvent> events) {
        UserProfile profile = null;
        for (CleanEvent e : events) {
            profile = folder.apply(profile, e);
        }
        return profile;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
