package io.profilestream.privacyfilter.topology;

import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.event.RawEvent;
import io.profilestream.model.privacy.Pseudonymizer;
import io.profilestream.privacyfilter.scrub.TextScrubber;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Step 6: replaces the shop's user and session ids with keyed pseudonyms, drops the request
 * context, masks personal data in the free text (search query, review text; see
 * {@link TextScrubber}), and publishes the resulting {@link CleanEvent} keyed by user pseudonym, so each
 * user's events stay in order on one clean partition. The record timestamp is the input's.
 */
public final class PseudonymiseProcessor implements Processor<String, ParsedEvent, String, CleanEvent> {

    /** Processor name in the topology. */
    public static final String NAME = "pseudonymise";

    private static final TextScrubber SCRUBBER = new TextScrubber();

    private final Pseudonymizer pseudonymizer;
    private ProcessorContext<String, CleanEvent> context;

    /** @param pseudonymizer holds the HMAC key shared with the recommender */
    public PseudonymiseProcessor(Pseudonymizer pseudonymizer) {
        this.pseudonymizer = pseudonymizer;
    }

    @Override
    public void init(ProcessorContext<String, CleanEvent> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, ParsedEvent> record) {
        RawEvent e = record.value().event();
        // Computed once per event upstream (erasure guard); only a directly fed event lacks it.
        String userKey = record.value().userKey() != null ? record.value().userKey() : pseudonymizer.user(e.userId());
        String sessionKey = e.sessionId() == null ? null
                : pseudonymizer.pseudonymize(Pseudonymizer.Domain.SESSION, e.sessionId());
        CleanEvent clean = new CleanEvent(
                e.schemaVersion(),
                e.eventId(),
                userKey,
                pseudonymizer.keyId(),
                sessionKey,
                e.type(),
                e.itemId(),
                e.category(),
                e.brand(),
                e.price(),
                e.currency(),
                e.quantity(),
                SCRUBBER.scrub(e.query()).text(),
                SCRUBBER.scrub(e.reviewText()).text(),
                e.rating(),
                e.timestamp(),
                e.consent());
        // A new record, not record.withValue: headers the shop or ingest attached may carry request
        // metadata, and nothing but the CleanEvent's own fields may leave this service.
        context.forward(new Record<>(userKey, clean, record.timestamp()), PrivacyFilterTopology.CLEAN_SINK);
    }
}
