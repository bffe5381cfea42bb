package io.profilestream.ingest.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.profilestream.model.web.OpenApiSpecFile;
import io.profilestream.ingest.validation.EventValidator;
import io.profilestream.ingest.validation.ItemValidator;
import io.profilestream.ingest.validation.ViolationCode;
import io.profilestream.model.event.EventType;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document the running service serves must be the checked-in
 * {@code docs/openapi/ingest-service.json}, and must describe what the code really does.
 * After a deliberate API change, regenerate the file with
 * {@code mvn -o -pl ingest-service verify -Dtest=OpenApiSpecTest -Dopenapi.update=true} and review its diff.
 */
class OpenApiSpecTest extends IngestApiTestSupport {

    /** The checked-in document, relative to the module directory Maven runs the tests in. */
    static final Path CHECKED_IN = OpenApiSpecFile.of("ingest-service");

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldServeTheCheckedInOpenApiDocument() throws Exception {
        OpenApiSpecFile.assertServedMatches(mvc.perform(get("/v3/api-docs")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8), CHECKED_IN, "ingest-service");
    }

    @Test
    void shouldDescribeExactlyTheIngestOperationsAndNoActuatorEndpoint() throws Exception {
        JsonNode paths = served().path("paths");

        Set<String> operations = new TreeSet<>();
        paths.fields().forEachRemaining(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> operations.add(method + " " + path.getKey())));
        assertThat(operations).containsExactly("delete /v1/users/{userId}", "get /v1/users/{userId}/erasure",
                "post /v1/events", "post /v1/items");
    }

    @Test
    void shouldDocumentExactlyTheFieldsTheValidatorsAccept() throws Exception {
        JsonNode schemas = served().path("components").path("schemas");

        assertThat(fieldNames(schemas.path("ShopEvent").path("properties"))).isEqualTo(EventValidator.FIELDS);
        assertThat(fieldNames(schemas.path("ShopEventContext").path("properties"))).isEqualTo(EventValidator.CONTEXT_FIELDS);
        assertThat(fieldNames(schemas.path("ShopEventConsent").path("properties"))).isEqualTo(EventValidator.CONSENT_FIELDS);
        assertThat(fieldNames(schemas.path("CatalogueItem").path("properties"))).isEqualTo(ItemValidator.FIELDS);
        assertThat(texts(schemas.path("ShopEvent").path("properties").path("type").path("enum")))
                .containsExactlyElementsOf(Arrays.stream(EventType.values()).map(EventType::wireName).toList());
        assertThat(texts(schemas.path("ShopEvent").path("required"))).containsExactlyInAnyOrder("eventId", "userId", "type");
        Set<String> ingestResponse = Arrays.stream(IngestResponse.class.getRecordComponents())
                .map(RecordComponent::getName).collect(Collectors.toSet());
        assertThat(fieldNames(schemas.path("EventsAccepted").path("properties"))).isEqualTo(ingestResponse);
        assertThat(fieldNames(schemas.path("ItemsAccepted").path("properties"))).isEqualTo(ingestResponse);
        assertThat(texts(schemas.path("ProblemError").path("properties").path("code").path("enum")))
                .containsExactlyElementsOf(Arrays.stream(ViolationCode.values()).map(ViolationCode::wireName).toList());
    }

    @Test
    void shouldGiveEveryErrorAProblemBodyAndEveryBodyAnExample() throws Exception {
        List<String> gaps = new ArrayList<>();
        served().path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            String name = op.getKey() + " " + path.getKey();
            op.getValue().path("requestBody").path("content").fields().forEachRemaining(media -> {
                if (!media.getValue().has("examples")) {
                    gaps.add(name + ": request body " + media.getKey() + " has no example");
                }
            });
            op.getValue().path("responses").fields().forEachRemaining(response -> {
                JsonNode content = response.getValue().path("content");
                boolean error = response.getKey().charAt(0) >= '4';
                Set<String> mediaTypes = fieldNames(content);
                if (error && !mediaTypes.equals(Set.of("application/problem+json"))) {
                    gaps.add(name + " " + response.getKey() + ": media types " + mediaTypes);
                }
                if (error && !content.path("application/problem+json").path("schema").path("$ref").asText()
                        .equals("#/components/schemas/Problem")) {
                    gaps.add(name + " " + response.getKey() + ": not the Problem schema");
                }
                if (!error && mediaTypes.stream().anyMatch(m -> !content.path(m).has("examples"))) {
                    gaps.add(name + " " + response.getKey() + ": no example");
                }
                if (mediaTypes.isEmpty() || mediaTypes.stream().anyMatch(m -> !content.path(m).has("schema"))) {
                    gaps.add(name + " " + response.getKey() + ": no schema");
                }
                if (!response.getValue().path("headers").has("X-Request-Id")) {
                    gaps.add(name + " " + response.getKey() + ": no X-Request-Id header");
                }
            });
        }));

        assertThat(gaps).isEmpty();
    }

    @Test
    void shouldServeTheDocumentAsYamlAndTheSwaggerUi() throws Exception {
        String yaml = mvc.perform(get("/v3/api-docs.yaml")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(yaml).startsWith("openapi: 3.1.0\n");

        mvc.perform(get("/swagger-ui.html"))
                .andExpect(status().isFound())
                .andExpect(header().string("Location", "/swagger-ui/index.html"));
    }

    private JsonNode served() throws Exception {
        return JSON.readTree(mvc.perform(get("/v3/api-docs")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8));
    }



    private static Set<String> fieldNames(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
