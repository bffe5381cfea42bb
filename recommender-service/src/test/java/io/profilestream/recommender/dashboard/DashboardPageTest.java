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
import java.util.List;
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

    /** The page's scripts, in the order index.html loads them. */
    static final List<String> SCRIPTS = List.of("dashboard-common.js", "demand.js", "segments.js", "dashboard.js");

    /** Every script of the page, one after the other. */
    static String scripts() throws IOException {
        StringBuilder all = new StringBuilder();
        for (String name : SCRIPTS) {
            all.append(resource(name)).append('\n');
        }
        return all.toString();
    }

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
    void shouldServeTheScriptsAndTheStylesheet() throws Exception {
        for (String name : SCRIPTS) {
            mvc.perform(get("/dashboard/" + name))
                    .andExpect(status().isOk())
                    .andExpect(content().contentTypeCompatibleWith("text/javascript"))
                    .andExpect(content().string(resource(name)));
        }
        mvc.perform(get("/dashboard/dashboard.css"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/css"));
    }

    @Test
    void shouldNeverTurnDataIntoMarkup() throws IOException {
        String script = scripts();
        String page = resource("index.html");

        assertThat(script).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                "new Function", "DOMParser", "createContextualFragment", "srcdoc", "javascript:");
        // Styles come from the stylesheet or element.style set by the script: the Content-Security-Policy
        // (style-src 'self') refuses style attributes and <style> elements, so they would silently not apply.
        assertThat(script).doesNotContain("setAttribute('style'", "cssText");
        assertThat(Pattern.compile("el\\('[a-z0-9]+', \\{[^}]*\\bstyle:").matcher(script).find()).isFalse();
        assertThat(page).doesNotContain("<style", " style=");
        // Every script is a file of this origin (the Content-Security-Policy would block inline ones anyway).
        assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)").matcher(page).find()).isFalse();
        assertThat(page).doesNotContain("http://", "https://");
        // Loaded in this order (deferred scripts run in document order): the helpers before the panels.
        Matcher loaded = Pattern.compile("<script src=\"([a-z-]+\\.js)\" defer></script>").matcher(page);
        List<String> order = new java.util.ArrayList<>();
        while (loaded.find()) {
            order.add(loaded.group(1));
        }
        assertThat(order).isEqualTo(SCRIPTS);
    }

    @Test
    void shouldSetOnlyTextAndClassNamesInTheSharedHelpers() throws IOException {
        Matcher assigned = Pattern.compile("\\.([A-Za-z]+)\\s*=(?!=)").matcher(resource("dashboard-common.js"));
        Set<String> properties = new TreeSet<>();
        while (assigned.find()) {
            properties.add(assigned.group(1));
        }
        // el() builds nodes from text nodes and attribute values; the setters write textContent only;
        // fetchJson keeps a failed answer's status, problem and Retry-After on its Error.
        assertThat(properties).containsExactly("ProfileStreamDashboard", "className", "problem", "retryAfter",
                "status", "textContent");
    }

    @Test
    void shouldInsertDemandAnswersAsTextOnly() throws IOException {
        String demand = resource("demand.js");

        // The demand panel's server values go through el(), setText or setValue (text nodes and
        // attribute values); the only property it assigns is textContent, and a bar width.
        Matcher assigned = Pattern.compile("\\.([A-Za-z]+)\\s*=(?!=)").matcher(demand);
        Set<String> properties = new TreeSet<>();
        while (assigned.find()) {
            properties.add(assigned.group(1));
        }
        // setText/setValue (dashboard-common.js) assign the text.
        assertThat(properties).containsExactly("disabled", "hidden", "inFlight", "width");
        assertThat(demand).doesNotContain("innerText", "outerText", ".html(", "setHTML", "append(`");
    }

    @Test
    void shouldHaveTheDemandPanelInThePage() throws IOException {
        String page = resource("index.html");

        assertThat(page).contains(
                "<form id=\"demand-form\" autocomplete=\"off\">",
                "<select id=\"demand-kind\" name=\"kind\">",
                "<option value=\"categories\" selected>category</option>",
                "<option value=\"items\">item</option>",
                "<input id=\"demand-id\" name=\"id\" type=\"text\" spellcheck=\"false\" required",
                "<input id=\"demand-horizon\" name=\"horizonHours\" type=\"number\" min=\"1\" max=\"168\" step=\"1\" "
                        + "value=\"24\" required>",
                "<button id=\"demand-show\" type=\"submit\">Show</button>",
                "<p id=\"demand-status\" role=\"status\"></p>",
                "<p class=\"hint\" id=\"demand-hint\">Fetched once per Show, never refreshed by itself: categories are "
                        + "released once an hour and cost nothing to show; showing an item's hours not released before "
                        + "spends differential-privacy budget.</p>",
                "<div id=\"demand-result\" hidden>");
        Set<String> ids = new TreeSet<>();
        Matcher declared = Pattern.compile("\\sid=\"(demand-[a-z-]+)\"").matcher(page);
        while (declared.find()) {
            ids.add(declared.group(1));
        }
        assertThat(ids).containsExactlyInAnyOrder("demand-heading", "demand-form", "demand-kind", "demand-id",
                "demand-horizon", "demand-show", "demand-status", "demand-hint", "demand-result", "demand-subject",
                "demand-releases-shown",
                "demand-range", "demand-privacy", "demand-privacy-summary", "demand-mechanism", "demand-epsilon",
                "demand-cap", "demand-noise-sd", "demand-privacy-note", "demand-releases-table", "demand-releases",
                "demand-history", "demand-level", "demand-methods", "demand-forecast");
        // The privacy note comes first in the answer, before the numbers it qualifies.
        assertThat(page.indexOf("id=\"demand-privacy\"")).isLessThan(page.indexOf("id=\"demand-history\""));
    }

    @Test
    void shouldFetchDemandOncePerSubmitAndNeverOnATimer() throws IOException {
        String script = scripts();
        String demand = resource("demand.js");

        assertThat(demand).contains("const DEMAND_API = '../v1/demand/';",
                "const DEMAND_KINDS = ['categories', 'items'];",
                "fetchJson(DEMAND_API + kind + '/' + encodeURIComponent(id) + '?horizonHours=' + horizon)");
        // The only fetch of the panel, and the only timers of the page are the poll of every(), which
        // never mentions demand: each demand request can spend privacy budget.
        assertThat(count(demand, "fetchJson(")).isEqualTo(1);
        assertThat(demand).doesNotContain("setTimeout", "setInterval", "requestAnimationFrame", "every(");
        assertThat(script).doesNotContain("setInterval");
        assertThat(count(script, "setTimeout(")).isEqualTo(1);
        assertThat(count(script, "every(")).isEqualTo(3); // its definition and the rates and user polls
        Matcher polled = Pattern.compile("every\\(([^\n]*)").matcher(script);
        while (polled.find()) {
            assertThat(polled.group(1)).doesNotContainIgnoringCase("demand");
        }
        // showDemand is defined once and called from the form's submit handler only.
        assertThat(count(script, "showDemand(")).isEqualTo(2);
        assertThat(demand).contains("""
                    $('demand-form').addEventListener('submit', (event) => {
                          event.preventDefault();
                          showDemand($('demand-kind').value, $('demand-id').value.trim(), Number($('demand-horizon').value));
                        });""");
    }

    @Test
    void shouldWordEachDemandProblemForTheReader() throws IOException {
        String demand = resource("demand.js");

        assertThat(demand).contains(
                "if (e.status === 429 && String(problem.type).endsWith(':privacy-budget-exhausted')) {",
                "const until = problem.resetsAt ? ' until it resets at ' + problem.resetsAt",
                "'The privacy budget is spent: no new hours can be released' + until + '. ' + detail",
                "if (e.status === 503) {",
                "const detail = problem.detail || e.message;",
                "'Exact counts: no differential privacy, no noise added.'",
                "setText('demand-privacy-note', privacy.note);");
    }

    @Test
    void shouldHaveTheSegmentsPanelAndTheUsersSegmentInThePage() throws IOException {
        String page = resource("index.html");

        assertThat(page).contains(
                "<section id=\"segments\" class=\"segments\" aria-labelledby=\"segments-heading\">",
                "<form id=\"segments-form\" autocomplete=\"off\">",
                "<button id=\"segments-reload\" type=\"submit\">Reload</button>",
                "<span id=\"segments-status\" role=\"status\"></span>",
                "<p class=\"hint\" id=\"segments-hint\">Fetched when the page loads and on Reload, never refreshed "
                        + "by itself: segments change only with a new segment model.</p>",
                "<div id=\"segments-result\" hidden>",
                "<div class=\"grid\" id=\"segments-cards\"></div>",
                "<div><dt>segment</dt><dd id=\"profile-segment\"");
        Set<String> ids = new TreeSet<>();
        Matcher declared = Pattern.compile("\\sid=\"(segments-[a-z-]+)\"").matcher(page);
        while (declared.find()) {
            ids.add(declared.group(1));
        }
        assertThat(ids).containsExactlyInAnyOrder("segments-heading", "segments-model", "segments-form",
                "segments-reload", "segments-status", "segments-hint", "segments-result", "segments-privacy",
                "segments-privacy-summary", "segments-mechanism", "segments-epsilon", "segments-noise-sd",
                "segments-covered", "segments-not-covered", "segments-releases-table", "segments-releases",
                "segments-cards");
        // The privacy note comes first, before the segments it qualifies.
        assertThat(page.indexOf("id=\"segments-privacy\"")).isLessThan(page.indexOf("id=\"segments-cards\""));
    }

    @Test
    void shouldInsertSegmentsAsTextOnly() throws IOException {
        String section = resource("segments.js");

        Matcher assigned = Pattern.compile("\\.([A-Za-z]+)\\s*=(?!=)").matcher(section);
        Set<String> properties = new TreeSet<>();
        while (assigned.find()) {
            properties.add(assigned.group(1));
        }
        assertThat(properties).containsExactly("disabled", "hidden", "inFlight", "showSegments");
        assertThat(section).doesNotContain("innerText", "outerText", ".html(", "setHTML", "append(`");
        // Every value of a segment goes through el() (text nodes and attribute values) or setText/setValue.
        assertThat(section).contains(
                "fact('size (noisy)', segment.size, { 'data-value': segment.size }),",
                "fact('top categories', segment.topCategories.length ? segment.topCategories.join(', ') : 'none stand out'),",
                "fact('price band', segment.priceBand),",
                "fact('churn risk', segment.churnLevel),",
                "fact('activity', segment.activity)),",
                "el('p', { class: 'description muted' }, segment.description));",
                "setText('segments-not-covered', 'Not covered (never shown here): ' + (privacy.notCovered || 'not stated'));",
                "setValue('segments-epsilon', privacy.epsilon, short(privacy.epsilon) + ' in ' + releases.length + ' release(s)');");
        assertThat(resource("dashboard.js")).contains(
                "setText('profile-segment', view.segment ? 'segment ' + view.segment.id + ': ' + view.segment.description");
    }

    @Test
    void shouldFetchSegmentsAtLoadAndOnReloadButNeverOnATimer() throws IOException {
        String script = scripts();
        String section = resource("segments.js");

        assertThat(section).contains("const SEGMENTS_API = '../v1/segments';",
                "renderSegments(await fetchJson(SEGMENTS_API));");
        assertThat(count(section, "fetchJson(")).isEqualTo(1);
        assertThat(section).doesNotContain("setTimeout", "setInterval", "requestAnimationFrame", "every(");
        Matcher polled = Pattern.compile("every\\(([^\n]*)").matcher(script);
        while (polled.find()) {
            assertThat(polled.group(1)).doesNotContainIgnoringCase("segment");
        }
        // Defined once, called at start, on Reload and when a key is set: never from a poll.
        assertThat(count(script, "showSegments(")).isEqualTo(4);
        assertThat(section).contains("""
                    $('segments-form').addEventListener('submit', (event) => {
                          event.preventDefault();
                          showSegments();
                        });
                        showSegments();
                    """ + "  });\n}());\n");
        assertThat(resource("dashboard.js")).contains("dash.showSegments(); // the segments panel was refused without a key");
        assertThat(section).contains(
                "if (e.status === 404 && String(problem.type).endsWith(':segments-not-configured')) {",
                "'No segment model on this instance (profilestream.segments.model is not set).'");
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }

    @Test
    void shouldFindEveryElementTheScriptLooksUpInThePage() throws IOException {
        Set<String> looked = new TreeSet<>();
        Matcher lookups = Pattern.compile("(?:\\$|setText|setNumber|setValue|status)\\('([a-z-]+)'")
                .matcher(scripts());
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
