package io.profilestream.profileupdater.profile;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The state stores of {@link ProfileTopology}, built and registered with one {@link MockProcessorContext}, for
 * testing a processor alone.
 *
 * <p>Exists so every processor test sets up its stores the same way, with the names and value serdes
 * {@link ProfileTopology} uses, instead of each test repeating eight store builders (and drifting from the
 * topology when a store is added or changes serde). Stores are built without a changelog, which
 * {@code MockProcessorContext} does not support.
 *
 * <p>{@link #only} registers just the named stores, for tests that pin down which stores a processor needs:
 * a processor that looks up a store left out gets {@code null} from the context, and the field here is
 * {@code null} too.
 *
 * @param <K> key type the processor under test forwards
 * @param <V> value type the processor under test forwards
 */
final class ProcessorStores<K, V> implements AutoCloseable {

    /** Every store name, in the order they are registered. */
    private static final List<String> ALL = List.of(ProfileTopology.PROFILE_STORE, ProfileTopology.USER_KEYS_STORE,
            ProfileTopology.ACTIVITY_STORE, ProfileTopology.CONSENT_STORE, ProfileTopology.ERASED_STORE,
            ProfileTopology.AWAITING_HANDOVER_STORE, ProfileTopology.HOLDING_KEYS_STORE,
            ProfileTopology.HANDED_OVER_STORE);

    final MockProcessorContext<K, V> context;
    /** {@link ProfileTopology#PROFILE_STORE}: sealed profiles. */
    final KeyValueStore<String, byte[]> profiles;
    /** {@link ProfileTopology#USER_KEYS_STORE}: wrapped data keys. */
    final KeyValueStore<String, byte[]> keys;
    /** {@link ProfileTopology#ACTIVITY_STORE}. */
    final KeyValueStore<String, ProfileActivity> activity;
    /** {@link ProfileTopology#CONSENT_STORE}: objection times. */
    final KeyValueStore<String, Long> consent;
    /** {@link ProfileTopology#ERASED_STORE}: erasure markers. */
    final KeyValueStore<String, Long> erased;
    /** {@link ProfileTopology#AWAITING_HANDOVER_STORE}: sealed events held for a handover. */
    final KeyValueStore<String, byte[]> awaiting;
    /** {@link ProfileTopology#HOLDING_KEYS_STORE}: the wrapped keys those are sealed under. */
    final KeyValueStore<String, byte[]> holdingKeys;
    /** {@link ProfileTopology#HANDED_OVER_STORE}: handover times. */
    final KeyValueStore<String, Long> handedOver;

    private final Function<String, KeyValueBytesStoreSupplier> supplier;
    private final Set<String> names;

    private ProcessorStores(MockProcessorContext<K, V> context, Function<String, KeyValueBytesStoreSupplier> supplier,
            List<String> names) {
        this.context = context;
        // The processors read the wall clock (the opened profiles' idle bound); the mock has none until set.
        context.setCurrentSystemTimeMs(0L);
        this.supplier = supplier;
        this.names = Set.copyOf(names);
        profiles = bytes(ProfileTopology.PROFILE_STORE);
        keys = bytes(ProfileTopology.USER_KEYS_STORE);
        activity = store(ProfileTopology.ACTIVITY_STORE, ProfileActivity.SERDE);
        consent = store(ProfileTopology.CONSENT_STORE, Serdes.Long());
        erased = store(ProfileTopology.ERASED_STORE, Serdes.Long());
        awaiting = bytes(ProfileTopology.AWAITING_HANDOVER_STORE);
        holdingKeys = bytes(ProfileTopology.HOLDING_KEYS_STORE);
        handedOver = store(ProfileTopology.HANDED_OVER_STORE, Serdes.Long());
    }

    /** Every store, in memory, on a new default context. */
    static <K, V> ProcessorStores<K, V> all() {
        return new ProcessorStores<>(new MockProcessorContext<>(), Stores::inMemoryKeyValueStore, ALL);
    }

    /** Only the stores named (constants of {@link ProfileTopology}), in memory, on a new default context. */
    static <K, V> ProcessorStores<K, V> only(String... names) {
        List<String> chosen = List.of(names);
        if (!ALL.containsAll(chosen)) {
            throw new IllegalArgumentException("Not a store of ProfileTopology: " + chosen);
        }
        return new ProcessorStores<>(new MockProcessorContext<>(), Stores::inMemoryKeyValueStore, chosen);
    }

    /** Every store, in RocksDB under {@code context}'s state directory, so a second instance reopens the data. */
    static <K, V> ProcessorStores<K, V> persistent(MockProcessorContext<K, V> context) {
        return new ProcessorStores<>(context, Stores::persistentKeyValueStore, ALL);
    }

    /** Inits {@code store} and registers it with {@link #context}, for a store beyond the topology's. */
    <S extends KeyValueStore<String, ?>> S add(S store) {
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }

    private KeyValueStore<String, byte[]> bytes(String name) {
        return store(name, Serdes.ByteArray());
    }

    private <T> KeyValueStore<String, T> store(String name, Serde<T> valueSerde) {
        if (!names.contains(name)) {
            return null;
        }
        return add(Stores.keyValueStoreBuilder(supplier.apply(name), Serdes.String(), valueSerde)
                .withLoggingDisabled()
                .build());
    }

    /** Closes every registered store (RocksDB ones release their files so a later instance can reopen them). */
    @Override
    public void close() {
        Stream.of(profiles, keys, activity, consent, erased, awaiting, holdingKeys, handedOver)
                .filter(Objects::nonNull)
                .forEach(KeyValueStore::close);
    }
}
