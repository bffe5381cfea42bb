package io.profilestream.localstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponsePathTest {

    private static String pathOf(String body) {
        return OpenLoopLoad.pathOf(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadTheTopLevelPath() {
        assertThat(pathOf("{\"userKey\":\"ab\",\"path\":\"lstm+mlp\",\"items\":[]}")).isEqualTo("lstm+mlp");
    }

    @Test
    void shouldIgnorePathFieldsInsideNestedValues() {
        String body = "{\"items\":[{\"itemId\":\"i1\",\"path\":\"nested\",\"parts\":{\"path\":1.5}}],"
                + "\"meta\":{\"path\":\"also-nested\"},\"path\":\"popular\"}";

        assertThat(pathOf(body)).isEqualTo("popular");
    }

    @Test
    void shouldNameTheStrategyWhenThePathIsMissingOrEmpty() {
        assertThat(pathOf("{\"strategy\":\"neural\",\"items\":[{\"score\":0.5}]}")).isEqualTo("strategy:neural");
        assertThat(pathOf("{\"path\":\"\",\"strategy\":\"popular\"}")).isEqualTo("strategy:popular");
        assertThat(pathOf("{\"items\":[]}")).isEqualTo("strategy:?");
    }

    @Test
    void shouldCallBrokenOrNonObjectBodiesUnparseable() {
        assertThat(pathOf("{\"path\":")).isEqualTo("unparseable");
        assertThat(pathOf("[1,2]")).isEqualTo("unparseable");
        assertThat(pathOf("")).isEqualTo("unparseable");
    }
}
