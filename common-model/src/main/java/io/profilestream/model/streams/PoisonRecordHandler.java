package io.profilestream.model.streams;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.profilestream.model.dlq.DeadLetter;
import io.profilestream.model.dlq.ReasonCode;
import io.profilestream.model.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Diverts a poison record, one no source can read ({@link ReasonCode#MALFORMED_RECORD}), one a
 * processor rejects for lack of a required field ({@link MissingFieldException}, diverted as
 * {@link ReasonCode#MISSING_FIELD}) or one a processor fails on otherwise
 * ({@link ReasonCode#UNPROCESSABLE_RECORD}), to {@link Topics#DEAD_LETTERS}
 * and lets the service continue: a producer that bypasses ingest must not be able to stop a
 * Streams service. The dead letter is produced in the task's own transaction (KIP-1034), so under
 * exactly-once it is written if and only if the input offset is committed. Records of a global
 * store's topic are skipped with a log line and the counter only: the global thread cannot
 * produce.
 *
 * <p>The {@link DeadLetter} names the stage (the application id), the source topic, partition
 * and offset, and a detail built from exception types, field paths and positions only: never an
 * exception's message, which for Jackson quotes the offending value. It carries the original
 * value as payload only when {@link #KEEP_PAYLOADS_CONFIG} is {@code true} (default false, see
 * {@link DeadLetter}). Each diversion is counted in {@value #METRIC}{@code {topic,reason}} on
 * Micrometer's global registry (Spring Boot adds its registry to it).
 *
 * <p>Configured by {@link StreamsConfigFactory} for both
 * {@link StreamsConfig#DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG} and
 * {@link StreamsConfig#PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG}.
 */
public class PoisonRecordHandler implements DeserializationExceptionHandler, ProcessingExceptionHandler {

    /** Streams config key: whether dead letters keep the original value (boolean, default false). */
    public static final String KEEP_PAYLOADS_CONFIG = "profilestream.dead-letter.payloads";

    /** Counter of diverted records, tagged {@code topic} and {@code reason}. */
    public static final String METRIC = "profilestream.streams.poison.records";

    private static final Logger LOG = LoggerFactory.getLogger(PoisonRecordHandler.class);

    private final Clock clock;
    private final MeterRegistry registry;
    private String stage = "unknown";
    private boolean keepPayloads;

    /** The instance Kafka Streams creates by reflection: wall clock, global meter registry. */
    public PoisonRecordHandler() {
        this(Clock.systemUTC(), Metrics.globalRegistry);
    }

    /** For tests: a fixed clock and a registry of their own. */
    public PoisonRecordHandler(Clock clock, MeterRegistry registry) {
        this.clock = clock;
        this.registry = registry;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        Object id = configs.get(StreamsConfig.APPLICATION_ID_CONFIG);
        stage = id == null ? "unknown" : id.toString();
        Object keep = configs.get(KEEP_PAYLOADS_CONFIG);
        keepPayloads = keep != null && Boolean.parseBoolean(keep.toString());
    }

    @Override
    public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context,
                                                                ConsumerRecord<byte[], byte[]> record,
                                                                Exception exception) {
        String detail = PoisonDetail.unreadable(record.topic(), exception);
        ProducerRecord<byte[], byte[]> letter = divert(ReasonCode.MALFORMED_RECORD, detail, record.topic(),
                record.partition(), record.offset(), record.value(), record.timestamp(), exception);
        // The global thread (the recommender's catalogue) has no producer: Kafka 4.3.1 casts its
        // context to a record-collector supplier when dead-letter records are returned, which
        // would kill the thread. There the record is only logged and counted.
        return isGlobal(context) ? DeserializationExceptionHandler.Response.resume()
                : DeserializationExceptionHandler.Response.resume(List.of(letter));
    }

    @Override
    public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record,
                                                           Exception exception) {
        if (exception instanceof StreamsException) {
            // Kafka's own failures inside a processor (a state store that cannot be written, ...)
            // say nothing about the record: skipping it could lose an update, so the thread fails
            // and the service's uncaught-exception policy applies, as before this handler.
            LOG.error("Processor {} failed at {}-{}@{} with a Streams failure, not a poison record: {}",
                    context.processorNodeId(), context.topic(), context.partition(), context.offset(),
                    PoisonDetail.types(exception));
            return ProcessingExceptionHandler.Response.fail();
        }
        MissingFieldException missing = PoisonDetail.missingField(exception);
        ReasonCode reason = missing == null ? ReasonCode.UNPROCESSABLE_RECORD : ReasonCode.MISSING_FIELD;
        String detail = missing == null ? PoisonDetail.unprocessable(context.processorNodeId(), exception)
                : missing.getMessage();
        ProducerRecord<byte[], byte[]> letter = divert(reason, detail, context.topic(),
                context.partition(), context.offset(), context.sourceRawValue(), context.timestamp(), exception);
        return isGlobal(context) ? ProcessingExceptionHandler.Response.resume()
                : ProcessingExceptionHandler.Response.resume(List.of(letter));
    }

    /** The global thread's task id is {@code -1_-1}. */
    static boolean isGlobal(ErrorHandlerContext context) {
        TaskId task = context.taskId();
        return task == null || task.subtopology() < 0 || task.partition() < 0;
    }

    private ProducerRecord<byte[], byte[]> divert(ReasonCode reason, String detail, String topic, int partition,
                                                  long offset, byte[] value, long timestamp, Exception exception) {
        // Types only in the log: the exception's message may quote the record.
        LOG.warn("Diverting a poison record at {}-{}@{} to {} ({}): {}", topic, partition, offset,
                Topics.DEAD_LETTERS.name(), reason, PoisonDetail.types(exception));
        String payload = keepPayloads && value != null
                ? DeadLetter.truncate(new String(value, StandardCharsets.UTF_8)) : null;
        DeadLetter letter = new DeadLetter(reason, detail, stage, topic, partition, offset, null, payload,
                clock.instant());
        Counter.builder(METRIC).tag("topic", topic == null ? "none" : topic).tag("reason", reason.name())
                .description("Records a Streams service could not read or process, diverted to the dead-letter topic")
                .register(registry).increment();
        byte[] bytes = Topics.DEAD_LETTERS.valueSerde().serializer().serialize(Topics.DEAD_LETTERS.name(), letter);
        return new ProducerRecord<>(Topics.DEAD_LETTERS.name(), null, timestamp < 0 ? null : timestamp, null, bytes);
    }
}
