package io.profilestream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class InteractionImporterTest {

    private static InteractionImporter.Result read(String text, ImportSettings settings) throws IOException {
        return InteractionImporter.read(new StringReader(text), settings);
    }

    private static ImportSettings csv(String columns) {
        return new ImportSettings(SourceFormat.CSV, ',', true, FieldMapping.parse(columns), ImportSettings.DEFAULT_GAP);
    }

    @Test
    void shouldRejectMalformedRowsWithLineNumberAndReason() throws IOException {
        String text = """
                sid,item,ts,kind,price
                1,A,1000,view,2.50
                1,,1001,view,
                1,B,yesterday,view,
                1,C,1003
                
                2,D,1004,wave,
                2,E,1005,view,-1
                2,F,1006,purchase,abc
                2,G,1007,cart,3
                """;
        InteractionImporter.Result r = read(text, csv("session=sid,item=item,time=ts,type=kind,price=price"));

        assertThat(r.rows()).isEqualTo(9);
        assertThat(r.rejections()).extracting(Rejection::line, Rejection::reason).containsExactly(
                tuple(3L, "item is empty"),
                tuple(4L, "time 'yesterday' is not an ISO instant, date-time, date or epoch number"),
                tuple(5L, "has 3 columns, column 'kind' is missing"),
                tuple(6L, "empty line"),
                tuple(7L, "unknown event type 'wave'; known: [add_to_cart, addtocart, buy, cart, click, fav, purchase, pv, rating, remove_from_cart, review, search, transaction, view]"),
                tuple(8L, "price -1 is negative"),
                tuple(9L, "price 'abc' is not a number"));
        assertThat(r.rejections().get(2).toTsv()).isEqualTo("5\thas 3 columns, column 'kind' is missing\t1,C,1003");
        assertThat(r.interactions()).containsExactly(
                new Interaction("1", "", "A", 1_000_000, "view", "", "2.50"),
                new Interaction("2", "", "G", 1_007_000, "add_to_cart", "", "3"));
    }

    @Test
    void shouldRejectLinesThatAreNotJsonObjectsByLineNumber() throws IOException {
        String text = """
                {"u":"x","i":"A","t":1000}
                {"u":"x","i":"B",
                [1,2]
                {"u":"x","t":1003}
                {"u":"x","i":"C","t":1004}
                """;
        ImportSettings s = new ImportSettings(SourceFormat.JSONL, ',', true, FieldMapping.parse("user=u,item=i,time=t"),
                ImportSettings.DEFAULT_GAP);
        InteractionImporter.Result r = read(text, s);
        assertThat(r.rejections()).extracting(Rejection::line).containsExactly(2L, 3L, 4L);
        assertThat(r.rejections().get(0).reason()).startsWith("not valid JSON: ");
        assertThat(r.rejections().get(1).reason()).isEqualTo("not a JSON object");
        assertThat(r.rejections().get(2).reason()).isEqualTo("item is empty");
        assertThat(r.interactions()).extracting(Interaction::itemId).containsExactly("A", "C");
    }

    @Test
    void shouldDeriveSessionsFromAUsersInactivityGap() throws IOException {
        // u1: 0, 10m, 40m (gap 30m exactly: same session), 71m (gap 31m: new session); u2: one click.
        String text = """
                user,item,time
                u1,A,1970-01-01T00:00:00Z
                u2,Z,1970-01-01T00:05:00Z
                u1,B,1970-01-01T00:10:00Z
                u1,D,1970-01-01T01:11:00Z
                u1,C,1970-01-01T00:40:00Z
                """;
        InteractionImporter.Result r = read(text, csv("user=user,item=item,time=time"));
        assertThat(r.interactions()).extracting(Interaction::sessionId, Interaction::itemId).containsExactly(
                tuple("u1:1", "A"), tuple("u1:1", "B"), tuple("u1:1", "C"), tuple("u1:2", "D"), tuple("u2:1", "Z"));
    }

    @Test
    void shouldRejectRowsWithoutAUserWhenSessionsAreDerived() throws IOException {
        InteractionImporter.Result r = read("user,item,time\n,A,5\n", csv("user=user,item=item,time=time"));
        assertThat(r.rejections()).extracting(Rejection::line, Rejection::reason)
                .containsExactly(tuple(2L, "user is empty, and sessions are derived from users (no session column)"));
    }

    @Test
    void shouldHonourAShorterGap() throws IOException {
        ImportSettings s = new ImportSettings(SourceFormat.CSV, ',', true, FieldMapping.parse("user=u,item=i,time=t"),
                Duration.ofSeconds(5));
        InteractionImporter.Result r = read("u,i,t\nx,A,0\nx,B,5\nx,C,11\n", s);
        assertThat(r.interactions()).extracting(Interaction::sessionId).containsExactly("x:1", "x:1", "x:2");
    }

    @Test
    void shouldSortSessionIdsNumericallyThenByTimeKeepingSourceOrderOnTies() throws IOException {
        String text = "s,i,t\n10,A,5\n2,B,9\n2,C,3\n2,D,9\n10,E,1\n";
        InteractionImporter.Result r = read(text, csv("session=s,item=i,time=t"));
        assertThat(r.interactions()).extracting(Interaction::sessionId, Interaction::itemId).containsExactly(
                tuple("2", "C"), tuple("2", "B"), tuple("2", "D"), tuple("10", "E"), tuple("10", "A"));
    }

    @Test
    void shouldReadTheRees46PresetShape() throws IOException {
        String text = """
                event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session
                2019-10-01 00:00:05 UTC,cart,3900821,2053013552326770905,appliances.environment.water_heater,aqua,33.20,554748717,9333dfbd
                2019-10-01 00:00:00 UTC,view,44600062,2103807459595387724,,shiseido,35.79,541312140,72d76fde
                """;
        InteractionImporter.Result r = read(text, ImportSettings.PRESETS.get("rees46"));
        assertThat(r.rejections()).isEmpty();
        assertThat(r.interactions()).containsExactly(
                new Interaction("72d76fde", "541312140", "44600062", 1569888000000L, "view", "2103807459595387724", "35.79"),
                new Interaction("9333dfbd", "554748717", "3900821", 1569888005000L, "add_to_cart", "2053013552326770905", "33.20"));
    }

    @Test
    void shouldReadTheTaobaoPresetShapeDerivingSessions() throws IOException {
        String text = """
                1,2268318,2520377,pv,1511544070
                1,2333346,2520771,buy,1511544100
                1,2576651,149192,pv,1511572885
                """;
        InteractionImporter.Result r = read(text, ImportSettings.PRESETS.get("taobao"));
        assertThat(r.rejections()).isEmpty();
        assertThat(r.interactions()).containsExactly(
                new Interaction("1:1", "1", "2268318", 1511544070000L, "view", "2520377", ""),
                new Interaction("1:1", "1", "2333346", 1511544100000L, "purchase", "2520771", ""),
                new Interaction("1:2", "1", "2576651", 1511572885000L, "view", "149192", ""));
    }

    @Test
    void shouldOrderDigineticaClicksByDatePlusTimeframe() throws IOException {
        String text = """
                session_id;user_id;item_id;timeframe;eventdate
                1;NA;81766;526309;2016-05-09
                1;NA;31331;1031018;2016-05-09
                1;NA;9654;75848;2016-05-09
                """;
        InteractionImporter.Result r = read(text, ImportSettings.PRESETS.get("diginetica"));
        long day = 1462752000000L; // 2016-05-09T00:00Z
        assertThat(r.interactions()).containsExactly(
                new Interaction("1", "", "9654", day + 75848, "view", "", ""),
                new Interaction("1", "", "81766", day + 526309, "view", "", ""),
                new Interaction("1", "", "31331", day + 1031018, "view", "", ""));
    }

    @Test
    void shouldReadAGru4recTsvWithFractionalEpochSeconds() throws IOException {
        String text = "SessionId\tItemId\tTime\n7\t214536502\t1396839069.277\n7\t214536500\t1396839249.868\n";
        InteractionImporter.Result r = read(text, ImportSettings.PRESETS.get("gru4rec"));
        assertThat(r.interactions()).extracting(Interaction::sessionId, Interaction::itemId, Interaction::timeMs)
                .containsExactly(tuple("7", "214536502", 1396839069277L), tuple("7", "214536500", 1396839249868L));
    }

    @Test
    void shouldReadAmazonReviewJsonLinesByOptions() throws IOException {
        String text = """
                {"overall": 5.0, "reviewerID": "A3CIUOJXQ5VDQ2", "asin": "B0000530HU", "style": {"Size:": " 7.0 oz"}, "unixReviewTime": 1472688000}
                {"overall": 4.0, "reviewerID": "A3CIUOJXQ5VDQ2", "asin": "B00006L9LC", "unixReviewTime": 1472688000}
                """;
        ImportSettings s = new ImportSettings(SourceFormat.JSONL, ',', true,
                FieldMapping.parse("user=reviewerID,item=asin,time=unixReviewTime"), ImportSettings.DEFAULT_GAP);
        InteractionImporter.Result r = read(text, s);
        assertThat(r.interactions()).containsExactly(
                new Interaction("A3CIUOJXQ5VDQ2:1", "A3CIUOJXQ5VDQ2", "B0000530HU", 1472688000000L, "view", "", ""),
                new Interaction("A3CIUOJXQ5VDQ2:1", "A3CIUOJXQ5VDQ2", "B00006L9LC", 1472688000000L, "view", "", ""));
    }

    @Test
    void shouldRefuseAMappingNamingAColumnMissingFromTheHeader() {
        assertThatThrownBy(() -> read("a,b\n1,2\n", csv("session=a,item=b,time=c")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("column 'c' is not in the header [a, b]");
    }

    @Test
    void shouldRefuseAMappingWithoutSessionOrUser() {
        assertThatThrownBy(() -> FieldMapping.parse("item=a,time=b"))
                .hasMessage("a column mapping must name session, or user so sessions can be derived by inactivity gap");
        assertThatThrownBy(() -> FieldMapping.parse("item=a,time=b,colour=c"))
                .hasMessageStartingWith("unknown field 'colour'");
    }

    @Test
    void shouldSkipSearchesWithoutItemAndKeepPricesAsWrittenWithTheProfileStreamPreset() throws IOException {
        String text = """
                {"eventId":"e1","userId":"u1","sessionId":"s1","type":"view","itemId":"p1","category":"tv","price":350.00,"timestamp":"2026-01-05T08:00:00Z"}
                {"eventId":"e2","userId":"u1","sessionId":"s1","type":"search","query":"tv","timestamp":"2026-01-05T08:00:05Z"}
                {"eventId":"e3","userId":"u1","sessionId":"s1","type":"search","itemId":"p2","timestamp":"2026-01-05T08:00:06Z"}
                {"eventId":"e4","userId":"u1","sessionId":"s1","type":"add_to_cart","category":"tv","price":414.70,"timestamp":"2026-01-05T08:00:09Z"}
                """;
        InteractionImporter.Result r = read(text, ImportSettings.PRESETS.get(ImportSettings.PROFILESTREAM));

        assertThat(r.rows()).isEqualTo(4);
        assertThat(r.skippedSearches()).isEqualTo(1);
        assertThat(r.rejections()).extracting(Rejection::line, Rejection::reason).containsExactly(tuple(4L, "item is empty"));
        assertThat(r.interactions()).containsExactly(
                new Interaction("s1", "u1", "p1", 1767600000000L, "view", "tv", "350.00"),
                new Interaction("s1", "u1", "p2", 1767600006000L, "search", "", ""));
    }

    @Test
    void shouldParseDelimitersAndGaps() {
        assertThat(List.of(ImportSettings.parseDelimiter("tab"), ImportSettings.parseDelimiter(";"),
                ImportSettings.parseDelimiter(","))).containsExactly('\t', ';', ',');
        assertThat(ImportSettings.parseDuration("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(ImportSettings.parseDuration("2h")).isEqualTo(Duration.ofHours(2));
    }
}
