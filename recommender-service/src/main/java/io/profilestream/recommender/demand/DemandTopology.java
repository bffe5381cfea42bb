package io.profilestream.recommender.demand;

import io.profilestream.model.event.CleanEvent;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The demand part of the recommender's topology: clean events, bounded per user by
 * {@link ContributionCapProcessor}, re-keyed by category ({@value #BY_CATEGORY} repartition) and
 * by item ({@value #BY_ITEM} repartition) and counted in hourly tumbling windows of event time
 * ({@link DemandCounts}: views, add-to-carts, purchased units) in {@value #CATEGORY_STORE} and
 * {@value #ITEM_STORE}, kept {@link DemandSettings#retention()} and queried interactively.
 *
 * <p>The repartition names begin with "windowed-" on purpose: Kafka Streams numbers
 * sub-topologies in the order of their source nodes' names, and names that sort after every
 * existing source ({@code user-keys-source}) give the two new sub-topologies the last numbers.
 * The existing ones keep theirs, so their tasks and local state directories stay where they were
 * when this part is added.
 */
public final class DemandTopology {

    /** Hourly demand per category: category → {@link DemandCounts}, one window per hour. */
    public static final String CATEGORY_STORE = "demand-by-category";
    /** Hourly demand per item: item id → {@link DemandCounts}, one window per hour. */
    public static final String ITEM_STORE = "demand-by-item";
    /** Per-user contributions of the current hours ({@link ContributionCapProcessor#STORE}). */
    public static final String CAP_STORE = ContributionCapProcessor.STORE;

    /** Repartition by category (topic {@code <application-id>-windowed-demand-by-category-repartition}). */
    public static final String BY_CATEGORY = "windowed-demand-by-category";
    /** Repartition by item (topic {@code <application-id>-windowed-demand-by-item-repartition}). */
    public static final String BY_ITEM = "windowed-demand-by-item";

    /** Processor names, stable so internal topic names stay put. */
    public static final String CAP = ContributionCapProcessor.NAME;
    public static final String WITH_CATEGORY = "demand-with-category";
    public static final String KEY_BY_CATEGORY = "demand-key-by-category";
    public static final String KEY_BY_ITEM = "demand-key-by-item";
    public static final String CATEGORY_COUNT = "demand-category-count";
    public static final String ITEM_COUNT = "demand-item-count";

    private DemandTopology() {
    }

    /**
     * Adds {@value #CAP_STORE} to {@code builder}. Separate from {@link #addTo} because the
     * recommender's erasure processor is connected to it too (it deletes an erased user's
     * contributions), and a store must be added before the first processor that names it.
     */
    public static void addCapStore(StreamsBuilder builder, DemandSettings settings) {
        builder.addStateStore(ContributionCapProcessor.storeBuilder(settings.grace()));
    }

    /**
     * Adds the demand counting to {@code builder}, after {@link #addCapStore}.
     *
     * @param builder     the recommender's builder
     * @param cleanEvents the clean-events stream as read by the recommender, keyed by user key (a
     *                    topic can be read by only one source of a topology, so it is shared)
     * @param settings    cap, grace and retention
     */
    public static void addTo(StreamsBuilder builder, KStream<String, CleanEvent> cleanEvents, DemandSettings settings) {
        KStream<String, DemandContribution> capped = cleanEvents.process(
                () -> new ContributionCapProcessor(settings.perUserHourlyCap(), settings.grace()), Named.as(CAP),
                CAP_STORE);
        count(capped.filter((userKey, c) -> c.category() != null && !c.category().isBlank(), Named.as(WITH_CATEGORY)),
                DemandContribution::category, KEY_BY_CATEGORY, BY_CATEGORY, CATEGORY_COUNT, CATEGORY_STORE, settings);
        count(capped, DemandContribution::itemId, KEY_BY_ITEM, BY_ITEM, ITEM_COUNT, ITEM_STORE, settings);
    }

    private static void count(KStream<String, DemandContribution> contributions,
                              Function<DemandContribution, String> key, String keyName, String repartition,
                              String countName, String store, DemandSettings settings) {
        contributions
                .selectKey((userKey, c) -> key.apply(c), Named.as(keyName))
                .repartition(Repartitioned.<String, DemandContribution>as(repartition)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(DemandContribution.SERDE))
                .groupByKey(Grouped.with(Serdes.String(), DemandContribution.SERDE))
                .windowedBy(TimeWindows.ofSizeAndGrace(DemandSettings.HOUR, settings.grace()))
                .aggregate(() -> DemandCounts.ZERO, (k, c, counts) -> counts.plus(c), Named.as(countName),
                        Materialized.<String, DemandCounts, WindowStore<Bytes, byte[]>>as(store)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(DemandCounts.SERDE)
                                .withRetention(settings.retention()));
    }
}
