package io.profilestream.profileupdater;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.model.serde.Json;
import io.profilestream.model.web.OpenApiSpecFile;
import io.profilestream.profileupdater.churn.ChurnRisk;
import io.profilestream.profileupdater.query.ProfileView;
import io.profilestream.profileupdater.segment.UserSegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.LifecycleProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The OpenAPI document the application serves must be the checked-in
 * {@code docs/openapi/profile-updater.json}, and must describe what the code really does.
 * After a deliberate API change, regenerate the file with
 * {@code mvn -o -pl profile-updater verify -Dtest=OpenApiSpecTest -Dopenapi.update=true} and review its diff.
 *
 * <p>The whole application context, without starting its lifecycle beans: the document needs
 * neither Kafka Streams nor a server socket.
 */
@SpringBootTest(properties = {
        "profilestream.kafka.bootstrap-servers=127.0.0.1:1",
        "profilestream.encryption.master-key=openapi-spec-test-master-key-0123456789",
        "profilestream.security.reader-keys=openapi-spec-test-reader-key"})
@AutoConfigureMockMvc
class OpenApiSpecTest {

    /** The checked-in document, relative to the module directory Maven runs the tests in. */
    static final Path CHECKED_IN = OpenApiSpecFile.of("profile-updater");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Keeps Kafka Streams (and every other lifecycle bean) stopped. */
    @TestConfiguration(proxyBeanMethods = false)
    static class NoAutoStart {
        @Bean
        LifecycleProcessor lifecycleProcessor() {
            return new LifecycleProcessor() {
                @Override
                public void onRefresh() {
                }

                @Override
                public void onClose() {
                }

                @Override
                public void start() {
                }

                @Override
                public void stop() {
                }

                @Override
                public boolean isRunning() {
                    return false;
                }
            };
        }
    }

    @Autowired
    private MockMvc mvc;

    @Test
    void shouldServeTheCheckedInOpenApiDocument() throws Exception {
        OpenApiSpecFile.assertServedMatches(mvc.perform(get("/v3/api-docs")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8), CHECKED_IN, "profile-updater");
    }

    @Test
    void shouldDescribeExactlyTheProfileLookupAndNoActuatorEndpoint() throws Exception {
        JsonNode doc = served();

        Set<String> operations = new TreeSet<>();
        doc.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> operations.add(method + " " + path.getKey())));
        assertThat(operations).containsExactly("get /v1/profiles/{userKey}");
        assertThat(doc.path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(doc.path("info").path("title").asText()).isEqualTo("ProfileStream profile-updater");
        assertThat(doc.path("servers").get(0).path("url").asText()).isEqualTo("/");
    }

    @Test
    void shouldGiveEveryErrorAProblemBodyAndEveryAnswerAnExample() throws Exception {
        List<String> gaps = new ArrayList<>();
        served().path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            String name = op.getKey() + " " + path.getKey();
            op.getValue().path("responses").fields().forEachRemaining(response -> {
                JsonNode content = response.getValue().path("content");
                boolean error = response.getKey().charAt(0) >= '4';
                Set<String> mediaTypes = fieldNames(content);
                Set<String> expected = Set.of(error ? "application/problem+json" : "application/json");
                if (!mediaTypes.equals(expected)) {
                    gaps.add(name + " " + response.getKey() + ": media types " + mediaTypes);
                }
                String schema = error ? "#/components/schemas/Problem" : "#/components/schemas/Profile";
                mediaTypes.forEach(media -> {
                    if (!content.path(media).path("schema").path("$ref").asText().equals(schema)) {
                        gaps.add(name + " " + response.getKey() + ": not the " + schema + " schema");
                    }
                    if (!content.path(media).has("examples")) {
                        gaps.add(name + " " + response.getKey() + ": no example");
                    }
                });
                if (!response.getValue().path("headers").has("X-Request-Id")) {
                    gaps.add(name + " " + response.getKey() + ": no X-Request-Id header");
                }
            });
        }));

        assertThat(gaps).isEmpty();
        assertThat(fieldNames(served().path("paths").path("/v1/profiles/{userKey}").path("get").path("responses")))
                .containsExactly("200", "400", "401", "403", "404", "503");
    }

    @Test
    void shouldDeclareTheApiKeySchemeAndRequireAReaderKeyForProfiles() throws Exception {
        JsonNode spec = served();
        JsonNode scheme = spec.path("components").path("securitySchemes").path("ApiKey");
        JsonNode get = spec.path("paths").path("/v1/profiles/{userKey}").path("get");

        assertThat(scheme.path("type").asText()).isEqualTo("apiKey");
        assertThat(scheme.path("in").asText()).isEqualTo("header");
        assertThat(scheme.path("name").asText()).isEqualTo("X-Api-Key");
        assertThat(get.path("security").toString()).isEqualTo("[{\"ApiKey\":[]}]");
        assertThat(get.path("responses").path("401").path("headers").path("WWW-Authenticate").isObject()).isTrue();
        assertThat(get.path("responses").path("403").path("content").path("application/problem+json").path("examples")
                .path("forbidden").path("value").path("requiredRole").asText()).isEqualTo("READER");
    }

    @Test
    void shouldShowAsProfileExampleExactlyWhatTheServiceServesForIt() throws Exception {
        JsonNode example = profileExample();

        UserProfile profile = Json.mapper().treeToValue(example, UserProfile.class);
        ChurnRisk risk = Json.mapper().treeToValue(example.path("churnRisk"), ChurnRisk.class);
        UserSegment segment = Json.mapper().treeToValue(example.path("segment"), UserSegment.class);
        JsonNode served = Json.mapper().readTree(Json.mapper().writeValueAsBytes(ProfileView.of(profile, risk, segment)));

        assertThat(served).isEqualTo(example);
        assertThat(profile.neural()).isNotNull();
        assertThat(risk.horizonHours()).isEqualTo(48);
        assertThat(segment.id()).isEqualTo(2);
    }

    @Test
    void shouldDocumentExactlyTheFieldsTheServiceWrites() throws Exception {
        JsonNode schemas = served().path("components").path("schemas");
        JsonNode example = profileExample();

        // The example has every optional part, so each object in it shows every field its type can have.
        List<String> mismatches = new ArrayList<>();
        compare("Profile", example, schemas, mismatches);
        compare("DecayedScores", example.path("categoryAffinity"), schemas, mismatches);
        compare("PriceBand", example.path("priceBand"), schemas, mismatches);
        compare("Rfm", example.path("rfm"), schemas, mismatches);
        compare("NeuralState", example.path("neural"), schemas, mismatches);
        compare("ProfileVector", example.path("vector"), schemas, mismatches);
        compare("ChurnRisk", example.path("churnRisk"), schemas, mismatches);
        compare("UserSegment", example.path("segment"), schemas, mismatches);
        compare("TextSignals", example.path("text"), schemas, mismatches);
        assertThat(mismatches).isEmpty();
        assertThat(schemas.path("NeuralState").path("properties").path("h").path("type").asText()).isEqualTo("string");
        assertThat(schemas.path("ProfileVector").path("properties").path("h").path("type").asText()).isEqualTo("array");
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

    private static void compare(String schema, JsonNode object, JsonNode schemas, List<String> mismatches) {
        Set<String> documented = fieldNames(schemas.path(schema).path("properties"));
        Set<String> written = fieldNames(object);
        if (!documented.equals(written)) {
            mismatches.add(schema + ": documented " + documented + ", written " + written);
        }
    }

    private JsonNode profileExample() throws Exception {
        JsonNode example = served().path("paths").path("/v1/profiles/{userKey}").path("get").path("responses")
                .path("200").path("content").path("application/json").path("examples").path("profile").path("value");
        // Through the shared mapper, so numbers compare as the service writes them.
        return Json.mapper().readTree(JSON.writeValueAsBytes(example));
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
}
