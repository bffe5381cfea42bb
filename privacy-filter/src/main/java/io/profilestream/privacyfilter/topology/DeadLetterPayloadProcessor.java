package io.profilestream.privacyfilter.topology;

import io.profilestream.model.dlq.DeadLetter;
import io.profilestream.model.topic.Topics;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The last step before the dead-letter sink: applies the payload policy
 * ({@code profilestream.filter.dead-letter-payloads}) to every dead letter of this service. With
 * the policy off (the default) the {@code payload} is dropped and every other field is kept as the
 * rejecting step built it; with it on, the dead letter passes unchanged.
 *
 * <p>Why a node of its own rather than a flag in each rejecting processor: the policy is enforced
 * in one place, for every current and future path to the dead-letter topic, because nothing else
 * feeds {@link PrivacyFilterTopology#DEAD_LETTER_SINK}; and the rejecting processors keep one
 * behaviour (they hand on the original text), so their unit tests stay about their own rules.
 * The original text only ever lives in memory on its way here; nothing is written before this step.
 * Being the one way to the sink, it is also where dead-lettered raw events are counted
 * ({@link FilterMetrics}, {@code outcome=dead_letter}, {@code reason} = the reason code).
 */
public final class DeadLetterPayloadProcessor implements Processor<String, DeadLetter, String, DeadLetter> {

    /** Processor name in the topology: every step that rejects a record forwards its dead letter here. */
    public static final String NAME = "dead-letter-payloads";

    private final boolean keepPayloads;
    private final FilterMetrics metrics;
    private ProcessorContext<String, DeadLetter> context;

    /** @param keepPayloads {@code profilestream.filter.dead-letter-payloads}: keep the original text */
    public DeadLetterPayloadProcessor(boolean keepPayloads) {
        this(keepPayloads, FilterMetrics.detached());
    }

    /**
     * @param keepPayloads {@code profilestream.filter.dead-letter-payloads}: keep the original text
     * @param metrics      counts the dead-lettered raw events by reason
     */
    public DeadLetterPayloadProcessor(boolean keepPayloads, FilterMetrics metrics) {
        this.keepPayloads = keepPayloads;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, DeadLetter> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, DeadLetter> record) {
        DeadLetter letter = record.value();
        // Erasure requests are not events: their dead letters are counted by the Streams sensor only.
        if (!Topics.ERASURE_REQUESTS.name().equals(letter.sourceTopic())) {
            metrics.deadLetter(letter.reason());
        }
        if (keepPayloads || letter.payload() == null) {
            context.forward(record, PrivacyFilterTopology.DEAD_LETTER_SINK);
            return;
        }
        context.forward(record.withValue(new DeadLetter(letter.reason(), letter.detail(), letter.stage(),
                letter.sourceTopic(), letter.partition(), letter.offset(), letter.eventId(), null,
                letter.divertedAt())), PrivacyFilterTopology.DEAD_LETTER_SINK);
    }
}
