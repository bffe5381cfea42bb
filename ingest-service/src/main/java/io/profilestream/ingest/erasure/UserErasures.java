package io.profilestream.ingest.erasure;

import io.profilestream.ingest.publish.KafkaEventPublisher;
import io.profilestream.ingest.publish.OutboundRecord;
import io.profilestream.ingest.publish.PublishReport;
import io.profilestream.ingest.validation.EventValidator;
import io.profilestream.ingest.validation.Violation;
import io.profilestream.model.erasure.ErasureRequest;
import io.profilestream.model.erasure.ErasureStatus;
import io.profilestream.model.privacy.Pseudonymizer;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts right-to-erasure requests and reports on them. Ingest only records the request: the
 * privacy filter turns it into a pseudonymised command and every service that holds per-user
 * state erases and confirms on the erasure-status topic.
 */
public final class UserErasures {

    /** The detail of ingest's own status. */
    public static final String ACCEPTED_DETAIL = "accepted by ingest";

    private static final Logger LOG = LoggerFactory.getLogger(UserErasures.class);

    private final Pseudonymizer pseudonymizer;
    private final KafkaEventPublisher<ErasureStatus> statusPublisher;
    private final KafkaEventPublisher<ErasureRequest> requestPublisher;
    private final ErasureStatusView view;
    private final Clock clock;

    /**
     * @param pseudonymizer    gives the user's pseudonym, the key of every status
     * @param statusPublisher  writes to the erasure-status topic
     * @param requestPublisher writes to the erasure-request topic
     * @param view             the statuses read back from the topic
     * @param clock            accept time source
     */
    public UserErasures(Pseudonymizer pseudonymizer, KafkaEventPublisher<ErasureStatus> statusPublisher,
                        KafkaEventPublisher<ErasureRequest> requestPublisher, ErasureStatusView view, Clock clock) {
        this.pseudonymizer = pseudonymizer;
        this.statusPublisher = statusPublisher;
        this.requestPublisher = requestPublisher;
        this.view = view;
        this.clock = clock;
    }

    /**
     * Records that {@code userId} is to be erased: ingest's REQUESTED status first, then the request
     * itself, both acknowledged by Kafka within the send timeout.
     *
     * @return the accepted request
     * @throws InvalidUserIdException    when the id breaks the userId rules of an event
     * @throws ErasureNotStoredException when Kafka did not acknowledge both records
     */
    public ErasureRequest request(String userId) {
        requireValid(userId);
        // Millisecond precision: the record timestamp cannot carry more, and both must agree.
        Instant requestedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        ErasureRequest request = new ErasureRequest(UUID.randomUUID().toString(), userId, requestedAt);
        String userKey = pseudonymOf(userId);
        ErasureStatus status = new ErasureStatus(request.requestId(), userKey, ErasureStatus.INGEST,
                ErasureStatus.State.REQUESTED, requestedAt, requestedAt, ACCEPTED_DETAIL);

        // The status goes first so that, in the usual case, it is on the topic before any service
        // can confirm. Both are sent before either is awaited: one send timeout bounds the call.
        // Should only one be stored, the caller gets a 503 and retries with a new request id,
        // which supersedes the half-stored one; erasing twice is harmless.
        KafkaEventPublisher<ErasureStatus>.InFlight statusSend = statusPublisher.send(List.of(
                new OutboundRecord<>(ErasureStatus.key(userKey, ErasureStatus.INGEST), status, requestedAt)));
        KafkaEventPublisher<ErasureRequest>.InFlight requestSend = requestPublisher.send(List.of(
                new OutboundRecord<>(userId, request, requestedAt)));
        PublishReport statusReport = statusSend.await();
        PublishReport requestReport = requestSend.await();
        PublishReport failed = !statusReport.allStored() ? statusReport : requestReport;
        if (!failed.allStored()) {
            throw new ErasureNotStoredException(failed.retriable(), failed.failure());
        }
        view.recordOwnWrite(status);
        // The audit trail of erasures: the erasure's id (which every service's confirmation
        // repeats) next to the HTTP requestId in the MDC, never the user id.
        LOG.info("erasure {} accepted", request.requestId());
        return request;
    }

    /**
     * The progress of the latest erasure of {@code userId}.
     *
     * @return empty when no erasure of the user was requested
     * @throws InvalidUserIdException         when the id breaks the userId rules of an event
     * @throws ErasureStatusLoadingException  while the view has not yet read the whole topic
     */
    public Optional<ErasureProgress> progress(String userId) {
        requireValid(userId);
        if (!view.isLoaded()) {
            throw new ErasureStatusLoadingException();
        }
        return view.progress(pseudonymOf(userId));
    }

    /** Trimmed first, as the privacy filter trims user ids before pseudonymising events and requests. */
    private String pseudonymOf(String userId) {
        return pseudonymizer.user(userId.trim());
    }

    private static void requireValid(String userId) {
        List<Violation> violations = EventValidator.validateUserId(userId);
        if (!violations.isEmpty()) {
            throw new InvalidUserIdException(violations);
        }
    }
}
