package io.profilestream.profileupdater;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Skips a record no source of the topology can read, like Kafka's
 * {@link LogAndContinueExceptionHandler} (Kafka Streams still counts it in its
 * {@code dropped-records} metric), but logs only where the record is and what kind of failure it
 * was. Kafka's handler logs the exception, and a Jackson message quotes the offending value, which
 * on the clean events topic can be a shopper's (scrubbed) search or review text: the log must not
 * become a copy of it.
 */
public final class UnreadableRecordHandler implements DeserializationExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(UnreadableRecordHandler.class);
    private static final int MAX_CAUSES = 8;

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                Exception exception) {
        LOG.warn("Skipping a record that cannot be read at {}-{}@{} (task {}): {}", record.topic(),
                record.partition(), record.offset(), context.taskId(), describe(exception));
        return Response.resume();
    }

    /**
     * The exception's types, outermost first ({@code SerializationException < InvalidFormatException}),
     * without their messages.
     */
    static String describe(Throwable exception) {
        StringBuilder types = new StringBuilder(exception.getClass().getSimpleName());
        // Bounded: a cause chain can loop.
        Throwable cause = exception.getCause();
        for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++, cause = cause.getCause()) {
            types.append(" < ").append(cause.getClass().getSimpleName());
        }
        return types.toString();
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // Nothing to configure.
    }
}
