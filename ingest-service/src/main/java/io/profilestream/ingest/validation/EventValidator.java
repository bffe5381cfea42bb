package io.profilestream.ingest.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.profilestream.ingest.validation.FieldReader.Need;
import io.profilestream.ingest.validation.FieldReader.Text;
import io.profilestream.model.event.Consent;
import io.profilestream.model.event.EventContext;
import io.profilestream.model.event.EventType;
import io.profilestream.model.event.RawEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Validates a shop event from its JSON tree and builds the {@link RawEvent} for the raw topic.
 * Values are kept exactly as sent (no trimming or case changes): normalising is the privacy
 * filter's job, and the raw topic records what the shop said.
 */
public final class EventValidator implements EntryValidator<RawEvent> {

    /** Every field an event may carry; any other field is an {@link ViolationCode#UNKNOWN_FIELD}. */
    public static final Set<String> FIELDS = Set.of("schemaVersion", "eventId", "userId", "sessionId", "type",
            "itemId", "category", "brand", "price", "currency", "quantity", "query", "reviewText", "rating",
            "timestamp", "context", "consent");

    /** Every field the optional {@code consent} object may carry. */
    public static final Set<String> CONSENT_FIELDS = Set.of("personalisation");

    /** Every field the optional {@code context} object may carry. */
    public static final Set<String> CONTEXT_FIELDS = Set.of("ip", "userAgent");

    /** Longest user id accepted, in code points, wherever a user id is given (event field or URL path). */
    public static final int USER_ID_MAX_LENGTH = 256;

    private static final List<String> TYPE_NAMES = Arrays.stream(EventType.values()).map(EventType::wireName).toList();

    @Override
    public Validated<RawEvent> validate(JsonNode entry, Instant receivedAt) {
        if (!entry.isObject()) {
            return new Validated<>(null, null,
                    List.of(new Violation(Violation.WHOLE_ENTRY, ViolationCode.WRONG_TYPE, "an event must be a JSON object")));
        }
        List<Violation> violations = new ArrayList<>();
        FieldReader f = new FieldReader(entry, "", violations);
        f.rejectUnknownFields(FIELDS);

        int schemaVersion = schemaVersion(f);
        String eventId = f.text("eventId", Need.REQUIRED, 128, Text.ID);
        String userId = f.text("userId", Need.REQUIRED, USER_ID_MAX_LENGTH, Text.SINGLE_LINE);
        String sessionId = f.text("sessionId", Need.OPTIONAL, 128, Text.SINGLE_LINE);
        EventType type = f.oneOf("type", Need.REQUIRED, EventType::fromWireName, TYPE_NAMES);
        // With an unknown type we cannot tell which fields it needs, so only their format is checked.
        String itemId = f.text("itemId", Need.requiredIf(type != null && type.requiresItem(), eventsOf(type)),
                128, Text.SINGLE_LINE);
        String category = f.text("category", Need.OPTIONAL, 256, Text.SINGLE_LINE);
        String brand = f.text("brand", Need.OPTIONAL, 128, Text.SINGLE_LINE);
        BigDecimal price = f.nonNegativeNumber("price");
        String currency = f.currency("currency");
        Integer quantity = f.integer("quantity", Need.OPTIONAL, 1, Integer.MAX_VALUE);
        String query = f.text("query", Need.requiredIf(type == EventType.SEARCH, eventsOf(type)), 512, Text.SINGLE_LINE);
        String reviewText = f.text("reviewText", Need.requiredIf(type == EventType.REVIEW, eventsOf(type)),
                10_000, Text.MULTI_LINE);
        Integer rating = f.integer("rating", Need.requiredIf(type == EventType.RATING, eventsOf(type)), 1, 5);
        Instant timestamp = f.instant("timestamp");
        EventContext context = context(f, violations);
        Consent consent = consent(f, violations);

        if (!violations.isEmpty()) {
            return new Validated<>(eventId, null, violations);
        }
        RawEvent event = new RawEvent(schemaVersion, eventId, userId, sessionId, type, itemId, category, brand,
                price, currency, quantity, query, reviewText, rating,
                timestamp == null ? receivedAt : timestamp, receivedAt, context, consent);
        return new Validated<>(eventId, event, List.of());
    }

    /**
     * Checks a user id given outside an event (e.g. the path of an erasure request) by exactly the
     * rules of an event's {@code userId}, so a user whose events were accepted can always be named
     * again, and no id is accepted here that could never have been profiled.
     *
     * @return the violations, reported on field {@code userId}; empty when the id is valid
     */
    public static List<Violation> validateUserId(String userId) {
        List<Violation> violations = new ArrayList<>();
        ObjectNode holder = JsonNodeFactory.instance.objectNode().put("userId", userId);
        new FieldReader(holder, "", violations).text("userId", Need.REQUIRED, USER_ID_MAX_LENGTH, Text.SINGLE_LINE);
        return List.copyOf(violations);
    }

    private static int schemaVersion(FieldReader f) {
        Integer version = f.integer("schemaVersion", Need.OPTIONAL, Integer.MIN_VALUE, Integer.MAX_VALUE);
        if (version == null) {
            return RawEvent.CURRENT_SCHEMA_VERSION;
        }
        if (version != RawEvent.CURRENT_SCHEMA_VERSION) {
            f.reject("schemaVersion", ViolationCode.UNSUPPORTED_VERSION,
                    version + " is not supported; this service accepts " + RawEvent.CURRENT_SCHEMA_VERSION);
        }
        return version;
    }

    private static EventContext context(FieldReader f, List<Violation> violations) {
        JsonNode node = f.object("context");
        if (node == null) {
            return null;
        }
        FieldReader c = new FieldReader(node, "context.", violations);
        c.rejectUnknownFields(CONTEXT_FIELDS);
        String ip = c.text("ip", Need.OPTIONAL, 64, Text.SINGLE_LINE);
        String userAgent = c.text("userAgent", Need.OPTIONAL, 2048, Text.SINGLE_LINE);
        return new EventContext(ip, userAgent);
    }

    private static Consent consent(FieldReader f, List<Violation> violations) {
        JsonNode node = f.object("consent");
        if (node == null) {
            return null;
        }
        FieldReader c = new FieldReader(node, "consent.", violations);
        c.rejectUnknownFields(CONSENT_FIELDS);
        Boolean personalisation = c.bool("personalisation");
        if (personalisation == null) {
            // A non-boolean value was already rejected by bool(); only absence is left to report.
            if (!node.hasNonNull("personalisation")) {
                c.reject("personalisation", ViolationCode.MISSING, "is required in a consent object (true or false)");
            }
            return null;
        }
        return personalisation ? Consent.GRANTED : Consent.WITHDRAWN;
    }

    private static String eventsOf(EventType type) {
        return type == null ? null : type.wireName() + " events";
    }
}
