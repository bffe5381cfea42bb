package io.profilestream.recommender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.profilestream.model.catalogue.CatalogueItem;
import io.profilestream.model.web.OpenApiSpecFile;
import io.profilestream.model.streams.ManagedKafkaStreams;
import io.profilestream.recommender.api.RecommendationResponse;
import io.profilestream.recommender.demand.DemandResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The OpenAPI description the service serves must equal the checked-in
 * {@code docs/openapi/recommender-service.json}, so code and published spec cannot drift apart.
 * After an intended API change, regenerate the file and review its diff:
 * {@code mvn -B -o -pl recommender-service test -Dtest=OpenApiSpecTest -Dopenapi.update=true}. Same context as {@link RecommenderApplicationTest}.
 */
// Configured as RecommenderApplicationTest, so the two share one context.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.profiles.active=local",
        "profilestream.kafka.bootstrap-servers=127.0.0.1:9",
        "profilestream.streams.state-dir=${java.io.tmpdir}/recommender-application-test"})
@AutoConfigureMockMvc
@Import(ManagementMockMvc.class)
@AutoConfigureObservability(tracing = false)
class OpenApiSpecTest {

    /** Reads the served document with numbers as written (BigDecimal). */
    static final ObjectMapper CANONICAL = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @MockitoBean
    ManagedKafkaStreams streams;

    @Autowired
    MockMvc mvc;
    /** The mapper Spring MVC writes answers with. */
    @Autowired
    ObjectMapper mapper;



    String served() throws Exception {
        return mvc.perform(get("/v3/api-docs")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldServeTheCheckedInOpenApiDescription() throws Exception {
        OpenApiSpecFile.assertServedMatches(served(), OpenApiSpecFile.of("recommender-service"), "recommender-service");
    }

    @Test
    void shouldDescribeOnlyThePublicApi() throws Exception {
        JsonNode spec = CANONICAL.readTree(served());

        assertThat(spec.path("openapi").asText()).startsWith("3.1");
        assertThat(spec.path("info").path("title").asText()).isEqualTo("ProfileStream recommender-service");
        assertThat(spec.path("servers").get(0).path("url").asText()).isEqualTo("/");
        assertThat(spec.path("paths").properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactly("/v1/dashboard/rates", "/v1/dashboard/users/{userId}",
                        "/v1/demand/categories/{category}", "/v1/demand/items/{itemId}", "/v1/items/{itemId}",
                        "/v1/recommendations/{userId}", "/v1/segments");
    }

    @Test
    void shouldDescribeEveryErrorAsProblemJsonAndEverySuccessWithAnExample() throws Exception {
        JsonNode paths = CANONICAL.readTree(served()).path("paths");

        for (String path : List.of("/v1/dashboard/rates", "/v1/dashboard/users/{userId}",
                "/v1/demand/categories/{category}", "/v1/demand/items/{itemId}", "/v1/items/{itemId}",
                "/v1/recommendations/{userId}", "/v1/segments")) {
            paths.path(path).path("get").path("responses").properties().forEach(response -> {
                JsonNode content = response.getValue().path("content");
                String status = response.getKey();
                String mediaType = status.startsWith("2") ? "application/json" : "application/problem+json";
                assertThat(content.properties()).as(path + " " + status).extracting(java.util.Map.Entry::getKey)
                        .containsExactly(mediaType);
                assertThat(content.path(mediaType).path("examples").size()).as(path + " " + status + " examples")
                        .isPositive();
                assertThat(response.getValue().path("headers").has("X-Request-Id")).as(path + " " + status).isTrue();
            });
        }
    }

    @Test
    void shouldShowAsExamplesExactlyWhatTheServiceWrites() throws Exception {
        JsonNode paths = CANONICAL.readTree(served()).path("paths");
        JsonNode recommendations = paths.path("/v1/recommendations/{userId}").path("get").path("responses")
                .path("200").path("content").path("application/json").path("examples");
        JsonNode item = paths.path("/v1/items/{itemId}").path("get").path("responses")
                .path("200").path("content").path("application/json").path("examples").path("item").path("value");

        assertThat(fieldNames(recommendations)).containsExactly("category-popular", "model", "unknown-user");
        for (JsonNode example : recommendations) {
            JsonNode value = example.path("value");
            assertSameJson(example.path("summary").asText(), value, rewritten(value, RecommendationResponse.class));
        }
        assertSameJson("item", item, rewritten(item, CatalogueItem.class));
        JsonNode demand = paths.path("/v1/demand/categories/{category}").path("get").path("responses")
                .path("200").path("content").path("application/json").path("examples").path("category").path("value");
        assertSameJson("demand category", demand, rewritten(demand, DemandResponse.class));
    }

    @Test
    void shouldDocumentTheReleasedHoursOfADemandAnswer() throws Exception {
        JsonNode spec = CANONICAL.readTree(served());
        JsonNode example = spec.path("paths").path("/v1/demand/categories/{category}").path("get").path("responses")
                .path("200").path("content").path("application/json").path("examples").path("category").path("value");

        // The category example has the optional hour counts, so it shows every field of the privacy block.
        assertThat(fieldNames(spec.path("components").path("schemas").path("DemandPrivacy").path("properties")))
                .isEqualTo(fieldNames(example.path("privacy")));
        assertThat(example.path("privacy").path("releasedHours").asInt()).isEqualTo(334);
    }

    @Test
    void shouldDocumentExactlyTheFieldsTheServiceWrites() throws Exception {
        JsonNode spec = CANONICAL.readTree(served());
        JsonNode schemas = spec.path("components").path("schemas");
        // The model example has every optional field, so it shows each field the types can have.
        JsonNode example = spec.path("paths").path("/v1/recommendations/{userId}").path("get").path("responses")
                .path("200").path("content").path("application/json").path("examples").path("model").path("value");

        assertThat(fieldNames(schemas.path("RecommendationResponse").path("properties")))
                .isEqualTo(fieldNames(example));
        assertThat(fieldNames(schemas.path("RecommendedItem").path("properties")))
                .isEqualTo(fieldNames(example.path("items").get(0)));
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

    /** Numbers equal by value (an example's 199.0 is the service's 199.00), every other value exactly. */
    static final Comparator<JsonNode> NUMERIC_EQUAL = (a, b) ->
            a.isNumber() && b.isNumber() ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;

    static void assertSameJson(String what, JsonNode expected, JsonNode actual) {
        assertThat(expected.equals(NUMERIC_EQUAL, actual))
                .withFailMessage("%s: the example%n%s%nis written by the service as%n%s", what, expected, actual)
                .isTrue();
    }

    /** {@code example} read as {@code type} and written back by the mapper the service answers with. */
    JsonNode rewritten(JsonNode example, Class<?> type) throws IOException {
        return mapper.readTree(mapper.writeValueAsBytes(mapper.treeToValue(example, type)));
    }

    private static Set<String> fieldNames(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }


}
