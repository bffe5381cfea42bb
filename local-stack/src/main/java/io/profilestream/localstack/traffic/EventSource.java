package io.profilestream.localstack.traffic;

import io.profilestream.generator.ClickstreamGenerator;
import io.profilestream.generator.GeneratorSettings;
import io.profilestream.generator.replay.ColumnMapping;
import io.profilestream.generator.replay.CsvEventReader;
import io.profilestream.generator.replay.ReplayRow;
import io.profilestream.model.event.ItemUpdate;
import io.profilestream.model.event.RawEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The demo's events: generated, or replayed from a CSV file. Counts events per user as they are
 * handed out, so the demo can wait for a user's profile to catch up and show it.
 */
public final class EventSource implements Iterator<RawEvent>, AutoCloseable {

    private final Iterator<RawEvent> events;
    private final AutoCloseable resource;
    private final List<ItemUpdate> catalogue;
    private final Map<String, Long> perUser = new HashMap<>();
    private long rejectedRows;
    private String firstRejection;

    private EventSource(Iterator<RawEvent> events, AutoCloseable resource, List<ItemUpdate> catalogue) {
        this.events = events;
        this.resource = resource;
        this.catalogue = catalogue;
    }

    /**
     * The demo's generator settings: the stream starts {@code events} seconds ago (at least an
     * hour): generated time advances well under a second per event, so no event is dated in the
     * future (the privacy filter dead-letters those).
     */
    public static GeneratorSettings demoSettings(long seed, int users, int items, long events) {
        return GeneratorSettings.defaults(seed, users, items).withStart(Instant.now().minusSeconds(Math.max(3600, events)));
    }

    /** Synthetic shoppers; event ids carry {@code runId} so re-runs are not de-duplicated away. */
    public static EventSource synthetic(GeneratorSettings settings, String runId) {
        ClickstreamGenerator generator = new ClickstreamGenerator(settings, runId);
        return new EventSource(generator, null,
                generator.catalogue().asItemUpdates(settings.currency(), Instant.now()));
    }

    /** Rows of a CSV file; rows that cannot become events are counted, not sent. */
    public static EventSource replay(Path file, char delimiter, ColumnMapping mapping, String runId) throws IOException {
        CsvEventReader reader = new CsvEventReader(Files.newBufferedReader(file, StandardCharsets.UTF_8), delimiter, mapping,
                runId, "USD");
        EventSource[] self = new EventSource[1];
        Iterator<RawEvent> accepted = new Iterator<>() {
            private RawEvent next;

            @Override
            public boolean hasNext() {
                while (next == null && reader.hasNext()) {
                    ReplayRow row = reader.next();
                    if (row.accepted()) {
                        next = row.event();
                    } else {
                        self[0].reject(row);
                    }
                }
                return next != null;
            }

            @Override
            public RawEvent next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                RawEvent e = next;
                next = null;
                return e;
            }
        };
        self[0] = new EventSource(accepted, reader, List.of());
        return self[0];
    }

    private void reject(ReplayRow row) {
        if (rejectedRows++ == 0) {
            firstRejection = "line " + row.line() + ": " + row.reason();
        }
    }

    @Override
    public synchronized boolean hasNext() {
        return events.hasNext();
    }

    @Override
    public synchronized RawEvent next() {
        RawEvent e = events.next();
        perUser.merge(e.userId(), 1L, Long::sum);
        return e;
    }

    /** Catalogue updates to send before the events (empty for replays: items come from events). */
    public List<ItemUpdate> catalogue() {
        return catalogue;
    }

    /** The user with the most events handed out so far, and that count. */
    public synchronized Map.Entry<String, Long> busiestUser() {
        return perUser.entrySet().stream().max(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .orElseThrow(() -> new IllegalStateException("no events were sent"));
    }

    /** Source rows that could not become events, and the first reason. */
    public String rejectionSummary() {
        return rejectedRows == 0 ? "none" : rejectedRows + " (first: " + firstRejection + ")";
    }

    @Override
    public void close() throws Exception {
        if (resource != null) {
            resource.close();
        }
    }
}
