package io.profilestream.recommender;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.profilestream.model.catalogue.CatalogueItem;
import io.profilestream.model.crypto.UserDataCipher;
import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.streams.MissingFieldException;
import io.profilestream.model.streams.PipelineLatency;
import io.profilestream.model.event.ItemUpdate;
import io.profilestream.model.topic.Topics;
import io.profilestream.model.erasure.ErasureMarkers;
import io.profilestream.recommender.cache.RankedListCache;
import io.profilestream.recommender.catalogue.CatalogueIndex;
import io.profilestream.recommender.catalogue.CatalogueIndexProcessor;
import io.profilestream.recommender.catalogue.CatalogueJoiner;
import io.profilestream.recommender.config.RecommenderSettings;
import io.profilestream.recommender.demand.DemandSettings;
import io.profilestream.recommender.demand.DemandTopology;
import io.profilestream.recommender.erasure.EraseUserProcessor;
import io.profilestream.recommender.freshness.ServableLatencyProcessor;
import io.profilestream.recommender.impressions.ImpressionFoldProcessor;
import io.profilestream.recommender.impressions.ShownItems;
import io.profilestream.recommender.metrics.RecommenderMetrics;
import io.profilestream.recommender.popularity.ItemStats;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The recommender's one Kafka Streams topology:
 * <ol>
 *   <li>clean events with an item, re-keyed by item id ({@value #EVENTS_BY_ITEM} repartition),
 *       aggregated into {@link ItemStats} ({@value #ITEM_STATS_STORE});</li>
 *   <li>the items table ({@value #ITEMS_STORE}) outer-joined with those stats into
 *       {@link CatalogueItem}s, written to the catalogue topic;</li>
 *   <li>the catalogue topic read back into the global {@value #CATALOGUE_STORE} store, which
 *       every instance holds in full, and into the in-memory {@link CatalogueIndex};</li>
 *   <li>the profiles table ({@value #PROFILES_STORE}), partitioned by user key and queried
 *       interactively; each profile is sealed with its user's data key, and the user-keys table
 *       ({@value #USER_KEYS_STORE}) next to it holds those keys, wrapped by the master key; each
 *       update applied to it is timed by {@link ServableLatencyProcessor} (freshness up to
 *       servable);</li>
 *   <li>served recommendation lists from the impressions topic folded into per-user
 *       {@link ShownItems} ({@value #IMPRESSIONS_STORE}), sealed with the same key, read at
 *       request time next to the profile;</li>
 *   <li>erasure commands handled by {@link EraseUserProcessor}: the user's impressions deleted, a
 *       marker in {@value #ERASED_STORE} so in-flight impressions are dropped, and a confirmation
 *       on the erasure status topic once the profile copy is gone too (waiting in
 *       {@value #ERASURES_PENDING_STORE} until the profile-updater's tombstone has arrived);</li>
 *   <li>hourly demand per category and per item from the same clean events, each user's
 *       contribution bounded first ({@link DemandTopology}).</li>
 * </ol>
 * The catalogue is global because candidate generation needs every item on every instance,
 * while profiles are only ever read one key at a time and stay partitioned.
 *
 * <p>Encryption at rest (crypto-shredding): every per-user value this topology stores (profiles,
 * shown items) is sealed with the user's data key ({@link UserDataCipher}), so destroying the key
 * (a tombstone on the user-keys topic) makes every copy unreadable, in the stores, their changelogs
 * and backups alike. The user-keys topic must have as many partitions as the profiles topic: they
 * are read in one task per partition, keyed alike.
 */
public final class RecommenderTopology {

    /** Repartition of clean events by item id (topic {@code <application-id>-events-by-item-repartition}). */
    public static final String EVENTS_BY_ITEM = "events-by-item";
    /** Popularity and counts per item id. */
    public static final String ITEM_STATS_STORE = "item-stats";
    /** The shop's item descriptions per item id. */
    public static final String ITEMS_STORE = "items";
    /** Global store: the merged catalogue entry per item id. */
    public static final String CATALOGUE_STORE = "catalogue";
    /** The latest profile per user key, sealed with the user's data key. */
    public static final String PROFILES_STORE = "profiles";
    /** The user's data key per user key, wrapped by the master key; gone once the key is destroyed. */
    public static final String USER_KEYS_STORE = "user-keys";
    /** Times each recently recommended item was shown, per user key, sealed with the user's data key. */
    public static final String IMPRESSIONS_STORE = "impressions";
    /** Erased users: user key to the erasure's {@code requestedAt} (epoch ms), until the impressions topic forgets them. */
    public static final String ERASED_STORE = ErasureMarkers.STORE_NAME;
    /** Erasure commands waiting for the profile-updater's tombstone to empty the profiles table, per user key. */
    public static final String ERASURES_PENDING_STORE = "erasures-pending";

    /** Processor names, stable so the topology description (and internal topic names) stay put. */
    public static final String EVENTS_SOURCE = "clean-events-source";
    public static final String EVENTS_WITH_ITEM = "events-with-item";
    public static final String KEY_BY_ITEM = "key-by-item";
    public static final String ITEM_STATS_AGGREGATE = "item-stats-aggregate";
    public static final String ITEMS_SOURCE = "items-source";
    public static final String CATALOGUE_JOIN = "catalogue-join";
    public static final String CATALOGUE_CHANGES = "catalogue-changes";
    public static final String CATALOGUE_SINK = "catalogue-sink";
    public static final String PROFILES_SOURCE = "profiles-source";
    public static final String PROFILE_UPDATES = "profile-updates";
    public static final String SERVABLE_LATENCY = ServableLatencyProcessor.NAME;
    public static final String USER_KEYS_SOURCE = "user-keys-source";
    public static final String IMPRESSIONS_SOURCE = "impressions-source";
    public static final String IMPRESSIONS_FOLD = "impressions-fold";
    public static final String ERASURES_SOURCE = "erasures-source";
    public static final String ERASE_USER = EraseUserProcessor.NAME;
    public static final String ERASURE_STATUS_SINK = "erasure-status-sink";

    private RecommenderTopology() {
    }

    /**
     * Builds the topology with the system UTC clock stamping erasure confirmations and no
     * ranked-list cache to invalidate.
     *
     * @param settings popularity half-life and items remembered per user (ranking settings are not used here)
     * @param index    the index the global catalogue processor keeps up to date
     * @param cipher   opens profiles and seals shown items; must hold the profile-updater's master key
     */
    public static Topology build(RecommenderSettings settings, CatalogueIndex index, UserDataCipher cipher) {
        return build(settings, index, cipher, Clock.systemUTC());
    }

    /**
     * Builds the topology with no ranked-list cache to invalidate.
     *
     * @param settings popularity half-life and items remembered per user (ranking settings are not used here)
     * @param index    the index the global catalogue processor keeps up to date
     * @param cipher   opens profiles and seals shown items; must hold the profile-updater's master key
     * @param clock    stamps {@code updatedAt} of the erasure confirmations
     */
    public static Topology build(RecommenderSettings settings, CatalogueIndex index, UserDataCipher cipher,
                                 Clock clock) {
        return build(settings, index, cipher, clock, RankedListCache.disabled());
    }

    /**
     * Builds the topology with its freshness recorded into a registry of its own (read by nobody).
     *
     * @param settings popularity half-life and items remembered per user (ranking settings are not used here)
     * @param index    the index the global catalogue processor keeps up to date
     * @param cipher   opens profiles and seals shown items; must hold the profile-updater's master key
     * @param clock    stamps {@code updatedAt} of the erasure confirmations
     * @param rankings the request path's cached model rankings, which erasure invalidates
     */
    public static Topology build(RecommenderSettings settings, CatalogueIndex index, UserDataCipher cipher,
                                 Clock clock, RankedListCache rankings) {
        return build(settings, index, cipher, clock, rankings,
                PipelineLatency.timer(new SimpleMeterRegistry(), RecommenderMetrics.STAGE));
    }

    /**
     * Builds the topology with the default demand settings ({@link DemandSettings#defaults()}).
     *
     * @param settings        popularity half-life and items remembered per user (ranking settings are not used here)
     * @param index           the index the global catalogue processor keeps up to date
     * @param cipher          opens profiles and seals shown items; must hold the profile-updater's master key
     * @param clock           stamps {@code updatedAt} of the erasure confirmations; the wall clock of
     *                        freshness
     * @param rankings        the request path's cached model rankings, which erasure invalidates
     * @param servableLatency {@link RecommenderMetrics#pipelineLatency()}: each profile update's
     *                        freshness once it is servable
     */
    public static Topology build(RecommenderSettings settings, CatalogueIndex index, UserDataCipher cipher,
                                 Clock clock, RankedListCache rankings, Timer servableLatency) {
        return build(settings, index, cipher, clock, rankings, servableLatency, DemandSettings.defaults());
    }

    /**
     * Builds the topology.
     *
     * @param settings        popularity half-life and items remembered per user (ranking settings are not used here)
     * @param index           the index the global catalogue processor keeps up to date
     * @param cipher          opens profiles and seals shown items; must hold the profile-updater's master key
     * @param clock           stamps {@code updatedAt} of the erasure confirmations; the wall clock of
     *                        freshness
     * @param rankings        the request path's cached model rankings, which erasure invalidates
     * @param servableLatency {@link RecommenderMetrics#pipelineLatency()}: each profile update's
     *                        freshness once it is servable
     * @param demand          per-user cap, grace and retention of the hourly demand counts
     */
    public static Topology build(RecommenderSettings settings, CatalogueIndex index, UserDataCipher cipher,
                                 Clock clock, RankedListCache rankings, Timer servableLatency, DemandSettings demand) {
        Objects.requireNonNull(cipher, "cipher");
        Objects.requireNonNull(demand, "demand");
        Objects.requireNonNull(rankings, "rankings");
        Objects.requireNonNull(servableLatency, "servableLatency");
        Duration halfLife = settings.popularityHalfLife();
        StreamsBuilder builder = new StreamsBuilder();

        KStream<String, CleanEvent> cleanEvents = builder
                .stream(Topics.CLEAN_EVENTS.name(), Topics.CLEAN_EVENTS.consumed().withName(EVENTS_SOURCE));
        KTable<String, ItemStats> stats = cleanEvents
                .filter((userKey, event) -> aboutAnItem(event), Named.as(EVENTS_WITH_ITEM))
                .selectKey((userKey, event) -> event.itemId(), Named.as(KEY_BY_ITEM))
                .repartition(Repartitioned.<String, CleanEvent>as(EVENTS_BY_ITEM)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(Topics.CLEAN_EVENTS.valueSerde()))
                .groupByKey(Grouped.with(Serdes.String(), Topics.CLEAN_EVENTS.valueSerde()))
                .aggregate(ItemStats::empty,
                        (itemId, event, current) -> current.add(event, halfLife),
                        Named.as(ITEM_STATS_AGGREGATE),
                        Materialized.<String, ItemStats, KeyValueStore<Bytes, byte[]>>as(ITEM_STATS_STORE)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(ItemStats.SERDE));

        KTable<String, ItemUpdate> items = builder.table(Topics.ITEMS.name(),
                Topics.ITEMS.consumed().withName(ITEMS_SOURCE),
                Materialized.<String, ItemUpdate, KeyValueStore<Bytes, byte[]>>as(ITEMS_STORE)
                        .withKeySerde(Topics.ITEMS.keySerde())
                        .withValueSerde(Topics.ITEMS.valueSerde()));

        // Outer join: an item the shop described but nobody touched is still recommendable
        // (popularity 0), and an item only seen in events still gets an entry.
        items.outerJoin(stats, CatalogueJoiner::join, Named.as(CATALOGUE_JOIN))
                .toStream(Named.as(CATALOGUE_CHANGES))
                .to(Topics.CATALOGUE.name(), Topics.CATALOGUE.produced().withName(CATALOGUE_SINK));

        // Global stores must not have a changelog: the catalogue topic itself is their log.
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CATALOGUE_STORE),
                                Topics.CATALOGUE.keySerde(), Topics.CATALOGUE.valueSerde())
                        .withLoggingDisabled(),
                Topics.CATALOGUE.name(),
                Topics.CATALOGUE.consumed(),
                () -> new CatalogueIndexProcessor(CATALOGUE_STORE, index));

        // Not cached: the table then forwards each update the moment it is in the store, so the
        // freshness processor downstream times exactly when queries start to see it (a cache
        // would forward at the next commit, up to commit.interval.ms later, and only the last
        // update per key). Nothing else is downstream and there is no changelog (the source topic
        // is the log), so the cache saved only RocksDB puts of updates overwritten within one
        // commit interval.
        builder.table(Topics.PROFILES.name(),
                Topics.PROFILES.consumed().withName(PROFILES_SOURCE),
                Materialized.<String, byte[], KeyValueStore<Bytes, byte[]>>as(PROFILES_STORE)
                        .withKeySerde(Topics.PROFILES.keySerde())
                        .withValueSerde(Topics.PROFILES.valueSerde())
                        .withCachingDisabled())
                .toStream(Named.as(PROFILE_UPDATES))
                .process(() -> new ServableLatencyProcessor(clock, servableLatency), Named.as(SERVABLE_LATENCY));
        builder.table(Topics.USER_KEYS.name(),
                Topics.USER_KEYS.consumed().withName(USER_KEYS_SOURCE),
                Materialized.<String, byte[], KeyValueStore<Bytes, byte[]>>as(USER_KEYS_STORE)
                        .withKeySerde(Topics.USER_KEYS.keySerde())
                        .withValueSerde(Topics.USER_KEYS.valueSerde()));

        // Values are sealed ShownItems JSON: the changelog holds only ciphertext.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(IMPRESSIONS_STORE),
                Topics.IMPRESSIONS.keySerde(), Serdes.ByteArray()));
        builder.addStateStore(ErasureMarkers.storeBuilder());
        builder.addStateStore(changelogged(ERASURES_PENDING_STORE, Topics.ERASURES.valueSerde()));
        // Before the erasure processor, which deletes an erased user's demand contributions from it.
        DemandTopology.addCapStore(builder, demand);
        int kept = settings.shownItemsKept();
        // Connected to the profiles store as well, though it never reads it, and to the user-keys
        // store it reads: that puts the fold and both tables in ONE sub-topology, so partition p of
        // all three topics is ONE task on ONE instance, and the owner that interactive-query
        // routing finds for a user's profile also holds their key and impressions. (Separate
        // sub-topologies may place task 1_p and 2_p apart.)
        builder.stream(Topics.IMPRESSIONS.name(), Topics.IMPRESSIONS.consumed().withName(IMPRESSIONS_SOURCE))
                .process(() -> new ImpressionFoldProcessor(IMPRESSIONS_STORE, ERASED_STORE, USER_KEYS_STORE,
                                cipher, kept),
                        Named.as(IMPRESSIONS_FOLD), IMPRESSIONS_STORE, PROFILES_STORE, USER_KEYS_STORE, ERASED_STORE);

        // Connected to the impressions, profiles and user-keys stores, so erasures join that same
        // sub-topology: the command for partition p is handled by the task holding the user's
        // profile copy, key and impressions. Connected to the demand cap's per-user store too,
        // which puts the clean-events source in that sub-topology as well (all are keyed by user
        // key and co-partitioned), so the task erasing a user also holds their demand contributions.
        builder.stream(Topics.ERASURES.name(), Topics.ERASURES.consumed().withName(ERASURES_SOURCE))
                .process(() -> new EraseUserProcessor(clock, cipher, rankings), Named.as(ERASE_USER),
                        IMPRESSIONS_STORE, PROFILES_STORE, USER_KEYS_STORE, ERASED_STORE, ERASURES_PENDING_STORE,
                        DemandTopology.CAP_STORE)
                .to(Topics.ERASURE_STATUS.name(), Topics.ERASURE_STATUS.produced().withName(ERASURE_STATUS_SINK));

        // Added last, so the generated names of the nodes above (and their internal topics) are
        // the ones they had before demand was counted.
        DemandTopology.addTo(builder, cleanEvents, demand);

        // Source-topic reuse: the items, profiles and user-keys tables restore from their compacted
        // input topics instead of keeping a second copy of every update in changelogs of their own
        // (a 2-5 KB profile per clean event). The demo's end-to-end rate did not change with it
        // (514 vs 526 events/s): the bottleneck is elsewhere; this saves broker disk and I/O. For
        // the keys it matters beyond cost: a changelog of our own would be one more place a
        // destroyed key lingers until compaction.
        Properties optimize = new Properties();
        optimize.put(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, StreamsConfig.REUSE_KTABLE_SOURCE_TOPICS);
        return builder.build(optimize);
    }

    /**
     * Whether the clean event counts towards an item's statistics: it names an item (searches do
     * not, legitimately). One that names an item but no type is a record the privacy filter never
     * writes: rejected here, at the clean-events source offset, as a {@link MissingFieldException}
     * (dead-lettered as {@code MISSING_FIELD}), instead of failing later in the aggregate on the
     * repartition topic, where the dead letter could not point at the original record.
     */
    static boolean aboutAnItem(CleanEvent event) {
        if (event == null || event.itemId() == null || event.itemId().isBlank()) {
            return false;
        }
        if (event.type() == null) {
            throw new MissingFieldException("type");
        }
        return true;
    }

    /** Persistent and changelogged: a restarted or moved task must still know whom it erased. */
    private static <V> StoreBuilder<KeyValueStore<String, V>> changelogged(String name, Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values)
                .withLoggingEnabled(Map.of())
                .withCachingDisabled();
    }
}
