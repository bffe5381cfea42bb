package io.profilestream.localstack.fuzz;

import io.profilestream.model.security.ApiRole;
import java.util.EnumSet;
import java.util.Set;

/**
 * Every public REST endpoint of the fleet (see docs/openapi/*.json), with the service that answers
 * it, the role whose local key it takes, and the malformations that apply to it.
 */
public enum FuzzEndpoint {
    /** Ingest: events as JSON (object or array) or NDJSON. */
    POST_EVENTS("ingest-service", "POST", "/v1/events", null, ApiRole.PRODUCER, true),
    /** Ingest: catalogue items. */
    POST_ITEMS("ingest-service", "POST", "/v1/items", null, ApiRole.PRODUCER, true),
    /** Ingest: erase a user (admin). */
    DELETE_USER("ingest-service", "DELETE", "/v1/users/", "", ApiRole.ADMIN, false),
    /** Ingest: the progress of a user's erasure (admin). */
    GET_ERASURE("ingest-service", "GET", "/v1/users/", "/erasure", ApiRole.ADMIN, false),
    /** Profile-updater: one profile by pseudonym. */
    GET_PROFILE("profile-updater", "GET", "/v1/profiles/", "", ApiRole.READER, false),
    /** Recommender: recommendations for a raw user id, with {@code k}. */
    GET_RECOMMENDATIONS("recommender-service", "GET", "/v1/recommendations/", "", ApiRole.READER, false),
    /** Recommender: one catalogue item. */
    GET_ITEM("recommender-service", "GET", "/v1/items/", "", ApiRole.READER, false),
    /** Recommender: the dashboard's rates (no path variable). */
    GET_DASHBOARD_RATES("recommender-service", "GET", "/v1/dashboard/rates", null, ApiRole.READER, false),
    /** Recommender: the dashboard's view of one user, with {@code k}. */
    GET_DASHBOARD_USER("recommender-service", "GET", "/v1/dashboard/users/", "", ApiRole.READER, false),
    /** Recommender: demand history and forecast of one category (differentially private). */
    GET_DEMAND_CATEGORY("recommender-service", "GET", "/v1/demand/categories/", "", ApiRole.READER, false),
    /** Recommender: demand history and forecast of one item (differentially private). */
    GET_DEMAND_ITEM("recommender-service", "GET", "/v1/demand/items/", "", ApiRole.READER, false);

    private final String module;
    private final String method;
    private final String prefix;
    private final String suffix;
    private final ApiRole role;
    private final boolean body;

    FuzzEndpoint(String module, String method, String prefix, String suffix, ApiRole role, boolean body) {
        this.module = module;
        this.method = method;
        this.prefix = prefix;
        this.suffix = suffix;
        this.role = role;
        this.body = body;
    }

    /** The module (service) that answers. */
    public String module() {
        return module;
    }

    /** The method the endpoint is mapped to. */
    public String method() {
        return method;
    }

    /** The role whose key a well-authenticated request carries. */
    public ApiRole role() {
        return role;
    }

    /** Whether the endpoint takes a JSON body. */
    public boolean takesBody() {
        return body;
    }

    /** Whether the path has an id segment. */
    public boolean hasId() {
        return suffix != null;
    }

    /** Whether {@code k} is a query parameter of the endpoint. */
    public boolean takesK() {
        return this == GET_RECOMMENDATIONS || this == GET_DASHBOARD_USER;
    }

    /** The path with {@code encodedId} (already percent-encoded, or deliberately not) as the id segment. */
    public String path(String encodedId) {
        return hasId() ? prefix + encodedId + suffix : prefix;
    }

    /** E.g. {@code POST /v1/events}, {@code GET /v1/profiles/{id}}. */
    public String label() {
        return method + " " + (hasId() ? prefix + "{id}" + suffix : prefix);
    }

    /** The categories that make sense for this endpoint. */
    public Set<FuzzCategory> categories() {
        Set<FuzzCategory> set = EnumSet.noneOf(FuzzCategory.class);
        for (FuzzCategory c : FuzzCategory.values()) {
            if ((c.forBodies() && body) || (c.forIds() && hasId()) || (c == FuzzCategory.BAD_QUERY && takesK())
                    || c.forEvery()) {
                set.add(c);
            }
        }
        return set;
    }
}
