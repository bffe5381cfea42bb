package io.profilestream.localstack.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointTallyTest {

    private final FuzzRequest request = new FuzzRequest(FuzzEndpoint.GET_ITEM, FuzzCategory.PATH_TRAVERSAL, "GET",
            "/v1/items/%00", Map.of(), null, false);

    @Test
    void shouldClassifyAnswersByStatusAndPrecision() {
        EndpointTally tally = new EndpointTally(FuzzEndpoint.GET_ITEM);

        tally.answer(request, 404, "application/problem+json", "{\"title\":\"Not Found\",\"detail\":\"no item x\"}");
        tally.answer(request, 400, "application/problem+json", "{\"title\":\"Bad Request\",\"detail\":\"\"}");
        tally.answer(request, 400, "text/html;charset=utf-8", "<html>HTTP Status 400</html>");
        tally.answer(request, 400, null, "");
        tally.answer(request, 200, "application/json", "{}");
        tally.answer(request, 500, "application/problem+json", "{\"detail\":\"boom\"}");
        tally.connectionError(request, new java.io.IOException("reset"));
        tally.closedOnRefusal();
        tally.answer(new FuzzRequest(FuzzEndpoint.GET_ITEM, FuzzCategory.RAW_REQUEST_LINE, null, null, Map.of(),
                new byte[0], true), 505, "text/html;charset=utf-8", "<html>HTTP Status 505</html>");
        tally.containerClosed();

        assertThat(tally.requests()).isEqualTo(10);
        assertThat(tally.ok()).isEqualTo(1);
        assertThat(tally.problem()).isEqualTo(1);
        assertThat(tally.container()).isEqualTo(4);
        assertThat(tally.imprecise()).isEqualTo(1);
        assertThat(tally.serverErrors()).isEqualTo(1);
        assertThat(tally.connectionErrors()).isEqualTo(1);
        assertThat(tally.refusedByClosing()).isEqualTo(1);
        assertThat(tally.byStatus()).containsExactly(Map.entry(200, 1L), Map.entry(400, 3L), Map.entry(404, 1L),
                Map.entry(500, 1L), Map.entry(505, 1L));
        assertThat(tally.samples()).containsExactly(
                "5xx 500 [PATH_TRAVERSAL] GET /v1/items/%00 {} -> {\"detail\":\"boom\"}",
                "connection IOException [PATH_TRAVERSAL] GET /v1/items/%00 {} -> reset",
                "imprecise 400 application/problem+json [PATH_TRAVERSAL] GET /v1/items/%00 {} -> {\"title\":\"Bad Request\",\"detail\":\"\"}");
    }

    @Test
    void shouldParseARawAnswer() {
        RawHttp.Answer a = RawHttp.parse("HTTP/1.1 400 \r\nContent-Type: text/html;charset=utf-8\r\nContent-Length: 5\r\n\r\n<b/>!");

        assertThat(a).isEqualTo(new RawHttp.Answer(400, "text/html;charset=utf-8", "<b/>!"));
        assertThat(RawHttp.parse("")).isEqualTo(new RawHttp.Answer(-1, null, ""));
        assertThat(RawHttp.parse("<html>0.9</html>")).isEqualTo(new RawHttp.Answer(0, null, "<html>0.9</html>"));
        assertThat(RawHttp.parse("HTTP/1.1 405 \r\nTransfer-Encoding: chunked\r\nContent-Type: application/problem+json\r\n\r\n"
                + "4\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\n\r\n").body()).isEqualTo("{\"a\":1}");
    }

    @Test
    void shouldEscapeWhatIsNotPrintable() {
        assertThat(FuzzRequest.printable(new byte[] {'a', 0, (byte) 0xff, '\n'}, 100)).isEqualTo("a\\x00\\xff\\x0a");
    }
}
