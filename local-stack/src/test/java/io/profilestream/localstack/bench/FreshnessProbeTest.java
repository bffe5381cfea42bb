package io.profilestream.localstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.profilestream.model.serde.Json;
import org.junit.jupiter.api.Test;

class FreshnessProbeTest {

    private static JsonNode response(long profileEvents, String... itemIds) throws Exception {
        StringBuilder items = new StringBuilder();
        for (String id : itemIds) {
            items.append(items.isEmpty() ? "" : ",").append("{\"itemId\":\"").append(id).append("\"}");
        }
        return Json.mapper().readTree("{\"path\":\"lstm+mlp\",\"profileEvents\":" + profileEvents + ",\"items\":[" + items + "]}");
    }

    @Test
    void shouldNotCountTheBoughtItemLeavingThroughTheImpressionFilterBeforeTheProfileHasThePurchase() throws Exception {
        // X shown three times is filtered, but the list still comes from the 12-event profile.
        assertThat(FreshnessProbe.reflectsPurchase(response(12, "b", "c"), 12, "x")).isFalse();
    }

    @Test
    void shouldKeepWaitingWhileTheUpdatedProfileStillServesTheBoughtItem() throws Exception {
        assertThat(FreshnessProbe.reflectsPurchase(response(13, "x", "b"), 12, "x")).isFalse();
    }

    @Test
    void shouldStopWhenTheListComesFromTheProfileWithThePurchaseAndLacksTheBoughtItem() throws Exception {
        assertThat(FreshnessProbe.reflectsPurchase(response(13, "b", "c"), 12, "x")).isTrue();
    }
}
