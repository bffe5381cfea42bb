package io.profilestream.ingest.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.profilestream.model.web.RequestIdFilter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/** Every answer, problems included, carries the X-Request-Id its log lines carry. */
class RequestIdApiTest extends IngestApiTestSupport {

    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    @LocalServerPort
    int port;

    @Test
    void shouldAnswerWithANewRequestIdWhenTheCallerSentNone() throws Exception {
        // Over real HTTP: the MockMvc requests of these tests carry a default id.
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v3/api-docs"))
                        .timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().allValues(RequestIdFilter.HEADER)).singleElement().asString().matches(UUID);
    }

    @Test
    void shouldEchoTheCallersPlainRequestId() throws Exception {
        perform(MockMvcRequestBuilders.post("/v1/events").contentType(MediaType.APPLICATION_JSON)
                        .header(RequestIdFilter.HEADER, "shop-7.req_42")
                        .content("{\"eventId\":\"e1\",\"userId\":\"u1\",\"type\":\"view\",\"itemId\":\"i1\"}"),
                send -> null, rawEvents())
                .andExpect(status().isAccepted())
                .andExpect(header().string(RequestIdFilter.HEADER, "shop-7.req_42"));
    }

    @Test
    void shouldReplaceARequestIdThatIsNotAPlainToken() throws Exception {
        String replaced = mvc.perform(get("/v3/api-docs").header(RequestIdFilter.HEADER, "jane.doe@example.com"))
                .andExpect(status().isOk())
                .andReturn().getResponse().getHeader(RequestIdFilter.HEADER);

        assertThat(replaced).matches(UUID);
    }

    @Test
    void shouldPutTheRequestIdInHeaderAndBodyOfAProblemFromAController() throws Exception {
        post("/v1/events", MediaType.APPLICATION_JSON, "[]")
                .andExpect(status().isBadRequest())
                .andExpect(header().string(RequestIdFilter.HEADER, REQUEST_ID))
                .andExpect(jsonPath("$.requestId").value(REQUEST_ID));
    }

    @Test
    void shouldPutTheRequestIdInHeaderAndBodyOfAProblemSpringMvcRaised() throws Exception {
        mvc.perform(MockMvcRequestBuilders.post("/v1/events").contentType(MediaType.TEXT_PLAIN).content("x")
                        .header(RequestIdFilter.HEADER, "req-415"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(header().string(RequestIdFilter.HEADER, "req-415"))
                .andExpect(jsonPath("$.requestId").value("req-415"));
    }

    @Test
    void shouldPutTheRequestIdInHeaderAndBodyOfAnAdminKeyRefusal() throws Exception {
        mvc.perform(delete("/v1/users/u1").header(RequestIdFilter.HEADER, "req-401").with(noApiKey()))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string(RequestIdFilter.HEADER, "req-401"))
                .andExpect(jsonPath("$.requestId").value("req-401"));
    }
}
