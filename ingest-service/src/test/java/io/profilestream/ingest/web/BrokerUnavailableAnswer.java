package io.profilestream.ingest.web;

import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.profilestream.model.serde.Json;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.ResultMatcher;

/**
 * The exact answer ingest gives while Kafka is unavailable: status 503, {@code Retry-After: 5} and
 * the {@code broker-unavailable} problem document, compared strictly. Nine checks in four test classes
 * check this answer; one definition keeps them from drifting apart when the wording changes.
 */
final class BrokerUnavailableAnswer {

    private BrokerUnavailableAnswer() {
    }

    /** Kafka failed during the send: {@code stored} of {@code valid} entries were stored, at {@code storedIndices}. */
    static ResultMatcher afterStoring(String instance, int stored, int valid, int... storedIndices) {
        return problem(instance, "Kafka became unavailable after storing " + stored + " of " + valid
                + " valid entries; retry the whole request after 5 s (entries stored twice are de-duplicated downstream)",
                storedIndices);
    }

    /** The short-circuit refused the request without trying Kafka. */
    static ResultMatcher shortCircuited(String instance, int valid) {
        return problem(instance, "Kafka did not answer a recent request in time; until it answers again requests are"
                + " refused without trying, and none of the " + valid + " valid entries was stored; retry the whole"
                + " request after 5 s");
    }

    private static ResultMatcher problem(String instance, String detail, int... storedIndices) {
        ObjectNode body = Json.mapper().createObjectNode()
                .put("type", "urn:profilestream:problem:broker-unavailable")
                .put("title", "Event store unavailable")
                .put("status", 503)
                .put("detail", detail)
                .put("instance", instance)
                .put("requestId", IngestApiTestSupport.REQUEST_ID);
        ArrayNode indices = body.putArray("storedIndices");
        for (int i : storedIndices) {
            indices.add(i);
        }
        return ResultMatcher.matchAll(
                status().isServiceUnavailable(),
                header().string("Retry-After", "5"),
                content().contentType(MediaType.APPLICATION_PROBLEM_JSON),
                content().json(body.toString(), JsonCompareMode.STRICT));
    }
}
