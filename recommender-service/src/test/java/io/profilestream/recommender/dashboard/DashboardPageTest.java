package io.profilestream.recommender.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.forwardedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The page's files as the recommender serves them, and static guards on them: no build step
 * checks the script, so these do.
 */
@WebMvcTest(controllers = DashboardController.class)
@Import(DashboardControllerTest.Beans.class)
class DashboardPageTest {

    @Autowired
    MockMvc mvc;

    static String resource(String name) throws IOException {
        try (InputStream in = DashboardPageTest.class.getResourceAsStream("/static/dashboard/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void shouldServeThePageAtDashboardSlashWithAStrictContentSecurityPolicy() throws Exception {
        mvc.perform(get("/dashboard/"))
                .andExpect(status().isOk())
                .andExpect(forwardedUrl("/dashboard/index.html"))
                .andExpect(header().string("Content-Security-Policy", DashboardPages.CONTENT_SECURITY_POLICY))
                .andExpect(header().string("Referrer-Policy", "no-referrer"));

        mvc.perform(get("/dashboard/index.html"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/html"))
                .andExpect(header().string("Content-Security-Policy", DashboardPages.CONTENT_SECURITY_POLICY))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(content().string(resource("index.html")));
    }

    @Test
    void shouldRedirectTheBarePathToThePage() throws Exception {
        mvc.perform(get("/dashboard"))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/dashboard/"));
    }

    @Test
    void shouldServeTheScriptAndTheStylesheet() throws Exception {
        mvc.perform(get("/dashboard/dashboard.js"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/javascript"))
                .andExpect(content().string(resource("dashboard.js")));
        mvc.perform(get("/dashboard/dashboard.css"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/css"));
    }

    @Test
    void shouldNeverTurnDataIntoMarkup() throws IOException {
        String script = resource("dashboard.js");
        String page = resource("index.html");

        assertThat(script).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                "new Function");
        // Every script is a file of this origin (the Content-Security-Policy would block inline ones anyway).
        assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)").matcher(page).find()).isFalse();
        assertThat(page).doesNotContain("http://", "https://");
    }

    @Test
    void shouldFindEveryElementTheScriptLooksUpInThePage() throws IOException {
        Set<String> looked = new TreeSet<>();
        Matcher lookups = Pattern.compile("(?:\\$|setText|setNumber|status)\\('([a-z-]+)'")
                .matcher(resource("dashboard.js"));
        while (lookups.find()) {
            looked.add(lookups.group(1));
        }
        Set<String> ids = new TreeSet<>();
        Matcher declared = Pattern.compile("\\sid=\"([a-z-]+)\"").matcher(resource("index.html"));
        while (declared.find()) {
            ids.add(declared.group(1));
        }

        assertThat(looked).hasSizeGreaterThan(20);
        assertThat(ids).containsAll(looked);
    }
}
