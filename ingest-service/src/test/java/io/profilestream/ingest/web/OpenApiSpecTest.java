package io.profilestream.ingest.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.profilestream.ingest.validation.EventValidator;
import io.profilestream.ingest.validation.ItemValidator;
import io.profilestream.ingest.validation.ViolationCode;
import io.profilestream.model.event.EventType;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
    static final Path CHECKED_IN = Path.of("..", "docs", "openapi", "ingest-service.json");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper SORTED = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    @Test
    void shouldServeTheCheckedInOpenApiDocument() throws Exception {
        String served = canonical(mvc.perform(get("/v3/api-docs")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8));

        if (Boolean.getBoolean("openapi.update")) {
            Files.createDirectories(CHECKED_IN.getParent());
            Files.writeString(CHECKED_IN, served, StandardCharsets.UTF_8);
        }
        String checkedIn = Files.exists(CHECKED_IN) ? Files.readString(CHECKED_IN, StandardCharsets.UTF_8) : "";
        assertThat(served)
                .withFailMessage(() -> "The served OpenAPI document differs from " + CHECKED_IN.toAbsolutePath().normalize()
                        + ".\nIf the API change is intended, regenerate it with\n"
                        + "  mvn -o -pl ingest-service verify -Dtest=OpenApiSpecTest -Dopenapi.update=true\n"
                        + "and review the file's diff.\n" + diff(checkedIn, served))
                .isEqualTo(checkedIn);
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

    /** Pretty-printed with every object's keys sorted and LF line ends, so the file diffs well. */
    static String canonical(String json) throws IOException {
        Object tree = JSON.readValue(json, Object.class);
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        return SORTED.writer(printer).writeValueAsString(tree) + "\n";
    }

    /** The lines that differ between the two documents, between their common first and last lines. */
    static String diff(String expected, String actual) {
        List<String> a = expected.lines().toList();
        List<String> b = actual.lines().toList();
        int start = 0;
        while (start < a.size() && start < b.size() && a.get(start).equals(b.get(start))) {
            start++;
        }
        int endA = a.size();
        int endB = b.size();
        while (endA > start && endB > start && a.get(endA - 1).equals(b.get(endB - 1))) {
            endA--;
            endB--;
        }
        StringBuilder out = new StringBuilder("@@ line " + (start + 1) + " @@\n");
        int max = 60;
        for (int i = start; i < endA && i < start + max; i++) {
            out.append("- ").append(a.get(i)).append('\n');
        }
        for (int i = start; i < endB && i < start + max; i++) {
            out.append("+ ").append(b.get(i)).append('\n');
        }
        if (endA - start > max || endB - start > max) {
            out.append("... (").append(endA - start).append(" lines checked in, ").append(endB - start)
                    .append(" served differ; the first ").append(max).append(" of each are shown)\n");
        }
        return out.toString();
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
