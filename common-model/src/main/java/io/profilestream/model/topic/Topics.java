package io.profilestream.model.topic;

import io.profilestream.model.catalogue.CatalogueItem;
import io.profilestream.model.dlq.DeadLetter;
import io.profilestream.model.erasure.ErasureCommand;
import io.profilestream.model.erasure.ErasureRequest;
import io.profilestream.model.erasure.ErasureStatus;
import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.event.ItemUpdate;
import io.profilestream.model.event.RawEvent;
import io.profilestream.model.event.Rekey;
import io.profilestream.model.profile.ProfileHandover;
import io.profilestream.model.impression.Impression;
import io.profilestream.model.serde.JsonSerde;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The catalogue of every topic services exchange data on. Internal Streams topics (changelogs,
 * repartitions) are not listed: Kafka Streams names and creates them.
 */
public final class Topics {

    private static final long DAYS_7 = Duration.ofDays(7).toMillis();
    private static final long DAYS_14 = Duration.ofDays(14).toMillis();

    /** Validated events as shops sent them, keyed by the shop's user id. Restricted: personal data. */
    public static final Topic<String, RawEvent> RAW_EVENTS = new Topic<>(
            "profilestream.events.raw.v1", Serdes.String(), JsonSerde.of(RawEvent.class), false, DAYS_7);

    /** De-duplicated, normalised, pseudonymised events, keyed by user pseudonym. */
    public static final Topic<String, CleanEvent> CLEAN_EVENTS = new Topic<>(
            "profilestream.events.clean.v1", Serdes.String(), JsonSerde.of(CleanEvent.class), false, DAYS_7);

    /** Catalogue descriptions, latest per item id. */
    public static final Topic<String, ItemUpdate> ITEMS = new Topic<>(
            "profilestream.items.v1", Serdes.String(), JsonSerde.of(ItemUpdate.class), true, -1);

    /**
     * The current profile of each user, latest per pseudonym: a {@link io.profilestream.model.profile.UserProfile}
     * as JSON, sealed with the user's data key ({@link io.profilestream.model.crypto.UserDataCipher#sealJson}),
     * so the copies compaction has not yet removed are unreadable once the key is destroyed.
     */
    public static final Topic<String, byte[]> PROFILES = new Topic<>(
            "profilestream.profiles.v1", Serdes.String(), Serdes.ByteArray(), true, -1);

    /**
     * Each user's data key, wrapped by the master key ({@link io.profilestream.model.crypto.UserDataCipher}),
     * latest per pseudonym; a tombstone destroys it (crypto-shredding). Written by the profile-updater,
     * which owns the keys; read by the recommender to open profiles. Compacted eagerly (hourly
     * segments, any dirty ratio, tombstones kept one hour), so a destroyed key leaves the broker's
     * disks within hours rather than whenever a large segment happens to roll.
     */
    public static final Topic<String, byte[]> USER_KEYS = new Topic<>(
            "profilestream.user-keys.v1", Serdes.String(), Serdes.ByteArray(), true, -1,
            Map.of("segment.ms", "3600000", "min.cleanable.dirty.ratio", "0.01", "delete.retention.ms", "3600000",
                    "max.compaction.lag.ms", "3600000"));

    /** Records any stage refused, with a reason code. Same access class as the raw topic. */
    public static final Topic<String, DeadLetter> DEAD_LETTERS = new Topic<>(
            "profilestream.events.dlq.v1", Serdes.String(), JsonSerde.of(DeadLetter.class), false, DAYS_14);

    /** Items as the recommender serves them (catalogue description plus popularity), latest per item id. */
    public static final Topic<String, CatalogueItem> CATALOGUE = new Topic<>(
            "profilestream.catalogue.v1", Serdes.String(), JsonSerde.of(CatalogueItem.class), true, -1);

    /**
     * Recommendation lists as served, one record per list, keyed by user pseudonym (same
     * partitioning as {@link #PROFILES}, so a user's impressions and profile live in one task).
     * Time-retained: the recommender folds them into a bounded per-user store with its own changelog.
     */
    public static final Topic<String, Impression> IMPRESSIONS = new Topic<>(
            "profilestream.impressions.v1", Serdes.String(), JsonSerde.of(Impression.class), false, DAYS_7);

    /**
     * Erasure requests as ingest accepted them, keyed by the shop's user id like the raw topic
     * (same partition count, so the privacy filter sees a user's events and erasure in one task).
     * Restricted: personal data.
     */
    public static final Topic<String, ErasureRequest> ERASURE_REQUESTS = new Topic<>(
            "profilestream.erasure.requests.v1", Serdes.String(), JsonSerde.of(ErasureRequest.class), false, DAYS_7);

    /**
     * Pseudonymised erasure commands, keyed by user pseudonym like the clean and profiles topics, so
     * each downstream service erases in the task that holds the user's state.
     */
    public static final Topic<String, ErasureCommand> ERASURES = new Topic<>(
            "profilestream.erasures.v1", Serdes.String(), JsonSerde.of(ErasureCommand.class), false, DAYS_14);

    /** Each service's answer to the latest erasure of each user, keyed {@code <userKey>/<service>}. */
    public static final Topic<String, ErasureStatus> ERASURE_STATUS = new Topic<>(
            "profilestream.erasure.status.v1", Serdes.String(), JsonSerde.of(ErasureStatus.class), true, -1);

    /**
     * Key rotation: the filter's {@link Rekey} notes, keyed by the user's OLD pseudonym (the
     * partition of the old profile).
     */
    public static final Topic<String, Rekey> REKEYS = new Topic<>(
            "profilestream.rekeys.v1", Serdes.String(), JsonSerde.of(Rekey.class), false, DAYS_7);

    /**
     * Key rotation: profiles moving to their new pseudonym, keyed by the NEW pseudonym. Kept one
     * day: each carries a wrapped data key, so a short retention bounds how long a handed-over
     * copy could outlive a later erasure (crypto-shredding).
     */
    public static final Topic<String, ProfileHandover> HANDOVERS = new Topic<>(
            "profilestream.handovers.v1", Serdes.String(), JsonSerde.of(ProfileHandover.class), false,
            Duration.ofDays(1).toMillis());

    private Topics() {
    }

    /** Every topic above, for provisioning scripts and tests. */
    public static List<Topic<?, ?>> all() {
        return List.of(RAW_EVENTS, CLEAN_EVENTS, ITEMS, PROFILES, USER_KEYS, DEAD_LETTERS, CATALOGUE, IMPRESSIONS, ERASURE_REQUESTS,
                ERASURES, ERASURE_STATUS, REKEYS, HANDOVERS);
    }
}
