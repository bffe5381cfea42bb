package io.profilestream.recommender.segment;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** {@code GET /v1/segments} on an instance without {@code profilestream.segments.model}. */
@WebMvcTest(controllers = SegmentController.class)
class SegmentControllerWithoutModelTest {

    @Autowired
    MockMvc mvc;

    @Test
    void shouldAnswerAProblemWhenNoSegmentModelIsConfigured() throws Exception {
        mvc.perform(get("/v1/segments"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(content().json("""
                        {"type":"urn:profilestream:problem:segments-not-configured","title":"No segment model",\
                        "status":404,"detail":"this instance has no segment model: set profilestream.segments.model \
                        to the directory written by 'profilestream-trainer segments --out DIR'",\
                        "instance":"/v1/segments"}""", true));
    }
}
