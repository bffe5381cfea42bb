package io.profilestream.trainer.churn;

import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.topic.Topics;
import io.profilestream.trainer.data.Erasures;
import io.profilestream.trainer.data.EventSource;
import io.profilestream.trainer.data.TopicHistory;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * What a re-fit ({@code --from-topic}) may learn from: the clean events of the window, grouped by
 * user with consent honoured, minus the past of every user erased since ({@link Erasures}).
 *
 * @param history the users' events ({@link ProfileReplay#eventsByUserKey(java.util.List, java.util.function.Predicate)})
 * @param input   the facts of both reads for the run's report and the artifact's {@code training.input}
 *                (its {@code erasures} member: counts only, never a user key)
 */
public record TopicEvents(ProfileReplay.History history, Map<String, Object> input) {

    /**
     * Reads the clean events from record time {@code since}, then the erasures topic from its
     * beginning. In that order on purpose: the erasures' end offsets are taken after the events'
     * were, so every erasure committed before the last event read is applied.
     *
     * @param consumers makes each read's consumer from its configuration ({@code KafkaConsumer::new}
     *                  in production); called once per topic, clean events first
     * @throws IllegalArgumentException when either topic does not exist (no re-fit without the erasures)
     */
    public static TopicEvents read(EventSource.TopicSource source, Instant since,
                                   Function<Map<String, Object>, Consumer<byte[], byte[]>> consumers, PrintWriter err) {
        TopicHistory.Result<CleanEvent> read = EventSource.readCleanEvents(source, since, consumers, err);
        String erasuresTopic = Topics.ERASURES.name();
        Erasures erasures = Erasures.read(erasuresTopic, source, consumers, err);
        ProfileReplay.History history = ProfileReplay.eventsByUserKey(read.values(),
                erasures.erasedEvents(read.records())::contains);
        Map<String, Object> input = EventSource.facts(source, since, read);
        input.put("erasures", erasures.facts(erasuresTopic, history.erasedUsers(), history.erasedEvents()));
        return new TopicEvents(history, input);
    }
}
