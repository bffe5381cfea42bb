package io.profilestream.model.streams;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Caps the off-heap memory of ALL RocksDB stores in one JVM: block cache, index/filter blocks
 * and memtables share one LRU cache. Without it each store (and each partition of it) allocates
 * its own cache and memtables, and memory grows with the partition count until the pod is killed.
 */
public class BoundedMemoryRocksDBConfig implements RocksDBConfigSetter {

    /** Streams config key: total off-heap bytes for all stores of this instance. */
    public static final String TOTAL_OFF_HEAP_BYTES = "profilestream.rocksdb.total.off.heap.bytes";

    /** Share of the budget memtables may use before they are flushed. */
    static final double MEMTABLE_SHARE = 0.5;

    /**
     * Memtable size per store. Must be well below (memtable budget / stores per instance): when the
     * write buffer manager's limit is reached, RocksDB flushes the memtable of whichever store is
     * written next, however small. With Kafka Streams' 16 MB default and a 16 MB shared limit over
     * the recommender's ~20 stores, the catalogue store flushed ~1 KB SST files ~70 times a second
     * (67,000 files in 16 min) and every put waited on flushes and L0 compactions: the recommender
     * fell to ~300 records/s. At 4 MB per store, 20 stores fit in the default 128 MB of memtables.
     */
    static final long WRITE_BUFFER_BYTES = 4L << 20;

    private static Cache cache;
    private static WriteBufferManager writeBufferManager;

    private static synchronized void initShared(long totalBytes) {
        if (cache == null) {
            cache = new LRUCache(totalBytes, -1, false, 0.1);
            writeBufferManager = new WriteBufferManager((long) (totalBytes * MEMTABLE_SHARE), cache);
        }
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Object configured = configs.get(TOTAL_OFF_HEAP_BYTES);
        long total = configured == null ? 256L << 20 : Long.parseLong(configured.toString());
        initShared(total);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(writeBufferManager);
        options.setWriteBufferSize(WRITE_BUFFER_BYTES);
        options.setMaxWriteBufferNumber(3);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and write buffer manager are shared by every store in the JVM: never close them here.
    }
}
