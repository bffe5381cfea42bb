package io.profilestream.model.erasure;

import java.time.Instant;
import java.util.List;

/**
 * One service's progress on one erasure request, on the compacted erasure-status topic under
 * {@link #key(String, String)}: the latest value per user and service is that service's answer.
 *
 * @param requestId   the request this answers
 * @param userKey     the user's pseudonym
 * @param service     the reporting service, one of {@link #INGEST} and {@link #CONFIRMING_SERVICES}
 * @param state       {@link State#REQUESTED} from ingest, {@link State#COMPLETED} from the others
 * @param requestedAt when ingest accepted the request
 * @param updatedAt   when the service wrote this status
 * @param detail      what the service removed, for the privacy officer's record
 */
public record ErasureStatus(String requestId, String userKey, String service, State state, Instant requestedAt,
                            Instant updatedAt, String detail) {

    /** The service that accepts erasure requests and reports on them. */
    public static final String INGEST = "ingest-service";
    /** The privacy filter. */
    public static final String PRIVACY_FILTER = "privacy-filter";
    /** The profile-updater. */
    public static final String PROFILE_UPDATER = "profile-updater";
    /** The recommender-service. */
    public static final String RECOMMENDER = "recommender-service";
    /** Every service that holds per-user state and must confirm before an erasure is complete. */
    public static final List<String> CONFIRMING_SERVICES = List.of(PRIVACY_FILTER, PROFILE_UPDATER, RECOMMENDER);

    /** Where a request stands at one service. */
    public enum State {
        /** Accepted by ingest, not yet confirmed by this service. */
        REQUESTED,
        /** This service has removed all of the user's state it holds. */
        COMPLETED
    }

    /** The status topic key of {@code service}'s answer for {@code userKey}: {@code <userKey>/<service>}. */
    public static String key(String userKey, String service) {
        return userKey + "/" + service;
    }

    /** The confirmation a service writes once it has erased the user named by {@code command}. */
    public static ErasureStatus completed(ErasureCommand command, String service, Instant at, String detail) {
        return new ErasureStatus(command.requestId(), command.userKey(), service, State.COMPLETED,
                command.requestedAt(), at, detail);
    }
}
