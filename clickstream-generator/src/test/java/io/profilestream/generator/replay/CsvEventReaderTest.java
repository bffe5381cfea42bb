package io.profilestream.generator.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.profilestream.model.event.EventType;
import io.profilestream.model.event.RawEvent;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvEventReaderTest {

    private static List<ReplayRow> read(String csv, char delimiter, String mapping) throws Exception {
        List<ReplayRow> rows = new ArrayList<>();
        try (CsvEventReader reader = new CsvEventReader(new StringReader(csv), delimiter, ColumnMapping.parse(mapping), "f", "USD")) {
            reader.forEachRemaining(rows::add);
        }
        return rows;
    }

    @Test
    void shouldReadRees46RowsWithThePreset() throws Exception {
        String csv = """
                event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session
                2019-10-01 00:00:00 UTC,cart,44600062,2103807459595387724,electronics.smartphone,shiseido,35.79,541312140,72d76fde
                """;
        List<ReplayRow> rows = read(csv, ',', ColumnMapping.PRESETS.get("rees46"));

        assertThat(rows).hasSize(1);
        RawEvent e = rows.get(0).event();
        assertThat(e.eventId()).isEqualTo("f-2");
        assertThat(e.type()).isEqualTo(EventType.ADD_TO_CART);
        assertThat(e.itemId()).isEqualTo("44600062");
        assertThat(e.userId()).isEqualTo("541312140");
        assertThat(e.sessionId()).isEqualTo("72d76fde");
        assertThat(e.price()).isEqualTo(new BigDecimal("35.79"));
        assertThat(e.currency()).isEqualTo("USD");
        assertThat(e.timestamp()).isEqualTo(Instant.parse("2019-10-01T00:00:00Z"));
    }

    @Test
    void shouldReadHeaderlessTaobaoRowsByIndexWithEpochSeconds() throws Exception {
        List<ReplayRow> rows = read("1,2268318,2520377,pv,1511544070\n", ',', ColumnMapping.PRESETS.get("taobao"));

        assertThat(rows.get(0).event().type()).isEqualTo(EventType.VIEW);
        assertThat(rows.get(0).event().timestamp()).isEqualTo(Instant.ofEpochSecond(1511544070));
        assertThat(rows.get(0).line()).isEqualTo(1);
    }

    @Test
    void shouldRejectBadRowsWithLineNumberAndReason() throws Exception {
        String csv = """
                user,item,time,type,price
                u1,i1,2026-01-01T00:00:00Z,view,abc
                u1,,2026-01-01T00:00:00Z,view,1
                u1,i1,yesterday,view,1
                u1,i1,2026-01-01T00:00:00Z,teleport,1
                u1,i1,2026-01-01T00:00:00Z,view,-1
                u1,i1,2026-01-01T00:00:00Z,view,2.5
                """;
        List<ReplayRow> rows = read(csv, ',', "user=user,item=item,time=time,type=type,price=price");

        assertThat(rows).extracting(ReplayRow::line, ReplayRow::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2L, "price 'abc' is not a number"),
                org.assertj.core.groups.Tuple.tuple(3L, "item is empty"),
                org.assertj.core.groups.Tuple.tuple(4L, "time 'yesterday' is not an ISO instant, date-time, date or epoch number"),
                org.assertj.core.groups.Tuple.tuple(5L, "unknown event type 'teleport'"),
                org.assertj.core.groups.Tuple.tuple(6L, "price -1 is negative"),
                org.assertj.core.groups.Tuple.tuple(7L, null));
    }

    @Test
    void shouldRefuseMappingsWithoutItemOrTimeOrUnknownColumns() {
        assertThatThrownBy(() -> ColumnMapping.parse("user=a,time=b")).hasMessageContaining("item and time");
        assertThatThrownBy(() -> ColumnMapping.parse("user=a,item=b,time=c,colour=d")).hasMessageContaining("unknown field 'colour'");
        assertThatThrownBy(() -> read("a,b\n1,2\n", ',', "user=a,item=b,time=c")).hasMessageContaining("column 'c' is not in the header");
    }
}
