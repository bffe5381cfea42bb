package io.profilestream.privacyfilter.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.profilestream.model.erasure.ErasureCommand;
import io.profilestream.model.erasure.ErasureRequest;
import io.profilestream.model.erasure.ErasureStatus;
import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.event.EventType;
import io.profilestream.model.event.Rekey;
import io.profilestream.model.privacy.Pseudonymizer;
import io.profilestream.model.topic.Topic;
import io.profilestream.model.topic.Topics;
import io.profilestream.privacyfilter.config.FilterProperties;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A key rotation's grace period through the real topology, with its RocksDB stores, through TopologyTestDriver. */
class PrivacyFilterRotationTopologyTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Instant T0 = RawEvents.RECEIVED_AT;
    private static final String NEW_KEY = ExpectedPseudonyms.user(RawEvents.USER_ID);
    private static final String OLD_KEY = ExpectedPseudonyms.previousUser(RawEvents.USER_ID);
    private static final String REQUESTS = Topics.ERASURE_REQUESTS.name();

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> raw;
    private TestInputTopic<String, byte[]> requests;
    private TestOutputTopic<String, CleanEvent> clean;
    private TestOutputTopic<String, Rekey> rekeys;
    private TestOutputTopic<String, ErasureCommand> erasures;
    private TestOutputTopic<String, ErasureStatus> status;
    private KeyValueStore<String, Long> rekeyed;

    @AfterEach
    void tearDown() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void shouldAnnounceTheFirstEventOfAUserWithOneRekeyKeyedByTheOldPseudonym() {
        start(Optional.of(ExpectedPseudonyms.previousPseudonymizer()));
        send("evt-1", RawEvents.purchase());

        TestRecord<String, Rekey> note = rekeys.readRecord();
        assertThat(note.key()).isEqualTo(OLD_KEY);
        assertThat(note.value()).isEqualTo(new Rekey(OLD_KEY, "k-old", NEW_KEY, "k-test", T0));
        assertThat(note.getRecordTime()).isEqualTo(T0);
        assertThat(note.headers().toArray()).isEmpty();
        assertThat(rekeys.isEmpty()).isTrue();
        TestRecord<String, CleanEvent> out = clean.readRecord();
        assertThat(out.key()).isEqualTo(NEW_KEY);
        assertThat(out.value()).isEqualTo(new CleanEvent(1, "evt-1", NEW_KEY, "k-test",
                ExpectedPseudonyms.session(RawEvents.SESSION_ID), EventType.PURCHASE, "sku-123",
                "electronics.smartphone", "acme", new BigDecimal("199.99"), "EUR", 2, null, null, null,
                RawEvents.CLIENT_TIME, null, OLD_KEY));
        assertThat(clean.isEmpty()).isTrue();
        assertThat(rekeyed.get(NEW_KEY)).isEqualTo(T0.toEpochMilli());
        assertThat(OLD_KEY).isNotEqualTo(NEW_KEY);
    }

    @Test
    void shouldNotAnnounceAUserTwiceButMarkEveryCleanEventWithThePreviousPseudonym() {
        start(Optional.of(ExpectedPseudonyms.previousPseudonymizer()));
        send("evt-1", RawEvents.purchase());
        RawEvents second = RawEvents.purchase();
        second.receivedAt = T0.plusSeconds(5);
        send("evt-2", second);

        assertThat(rekeys.readKeyValuesToList()).containsExactly(
                KeyValue.pair(OLD_KEY, new Rekey(OLD_KEY, "k-old", NEW_KEY, "k-test", T0)));
        assertThat(clean.readKeyValuesToList()).extracting(kv -> kv.key, kv -> kv.value.eventId(),
                        kv -> kv.value.keyId(), kv -> kv.value.previousUserKey())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(NEW_KEY, "evt-1", "k-test", OLD_KEY),
                        org.assertj.core.groups.Tuple.tuple(NEW_KEY, "evt-2", "k-test", OLD_KEY));
        // The entry keeps the time of the note, not of the latest event.
        assertThat(rekeyed.get(NEW_KEY)).isEqualTo(T0.toEpochMilli());
    }

    @Test
    void shouldAnnounceEachUserOnce() {
        start(Optional.of(ExpectedPseudonyms.previousPseudonymizer()));
        send("evt-1", RawEvents.purchase());
        RawEvents other = RawEvents.purchase();
        other.userId = "shop-user-0815-raw";
        send("evt-2", other);

        String otherNew = ExpectedPseudonyms.user("shop-user-0815-raw");
        String otherOld = ExpectedPseudonyms.previousUser("shop-user-0815-raw");
        assertThat(rekeys.readKeyValuesToList()).containsExactly(
                KeyValue.pair(OLD_KEY, new Rekey(OLD_KEY, "k-old", NEW_KEY, "k-test", T0)),
                KeyValue.pair(otherOld, new Rekey(otherOld, "k-old", otherNew, "k-test", T0)));
    }

    @Test
    void shouldWriteNoRekeyAndNoPreviousPseudonymWithoutAPreviousKey() {
        start(Optional.empty());
        send("evt-1", RawEvents.purchase());

        assertThat(rekeys.isEmpty()).isTrue();
        TestRecord<String, CleanEvent> out = clean.readRecord();
        assertThat(out.key()).isEqualTo(NEW_KEY);
        assertThat(out.value().previousUserKey()).isNull();
        assertThat(out.value().keyId()).isEqualTo("k-test");
        assertThat(rekeyed.approximateNumEntries()).isZero();
        assertThat(driver.producedTopicNames()).doesNotContain(Topics.REKEYS.name(),
                "privacy-filter-test-" + PseudonymiseProcessor.REKEYED_STORE + "-changelog");
    }

    @Test
    void shouldEraseBothPseudonymsAndForgetTheRekeyDuringARotation() {
        start(Optional.of(ExpectedPseudonyms.previousPseudonymizer()));
        send("evt-1", RawEvents.purchase());
        Instant erasedAt = T0.plusSeconds(60);
        requests.pipeInput(RawEvents.USER_ID, Topics.ERASURE_REQUESTS.valueSerde().serializer()
                .serialize(REQUESTS, new ErasureRequest("req-1", RawEvents.USER_ID, erasedAt)), erasedAt);

        assertThat(erasures.readKeyValuesToList()).containsExactly(
                KeyValue.pair(NEW_KEY, new ErasureCommand("req-1", NEW_KEY, "k-test", erasedAt)),
                KeyValue.pair(OLD_KEY, new ErasureCommand("req-1", OLD_KEY, "k-old", erasedAt)));
        // One status, for the current pseudonym only: ingest tracks that one.
        assertThat(status.readKeyValuesToList()).containsExactly(KeyValue.pair(NEW_KEY + "/privacy-filter",
                new ErasureStatus("req-1", NEW_KEY, "privacy-filter", ErasureStatus.State.COMPLETED, erasedAt, NOW,
                        "erased-users marker set to 2026-03-01T10:16:31.250Z; 1 burst-count window deleted; "
                                + "rekeyed-users entry deleted; erasure command also sent for the pseudonym under "
                                + "previous key k-old")));
        assertThat(rekeyed.get(NEW_KEY)).isNull();
        KeyValueStore<String, Long> markers = driver.getKeyValueStore(ErasureGuardProcessor.STORE_NAME);
        assertThat(markers.get(NEW_KEY)).isEqualTo(erasedAt.toEpochMilli());
        assertThat(markers.get(OLD_KEY)).isNull();
    }

    @Test
    void shouldClearEveryRekeyedEntryOnTheWallClockOnceNoRotationIsConfigured() {
        start(Optional.empty());
        // Entries left behind by a rotation that has since ended (the key configuration changed).
        rekeyed.put(NEW_KEY, NOW.minusSeconds(60).toEpochMilli());
        rekeyed.put("another-pseudonym", NOW.toEpochMilli());

        driver.advanceWallClockTime(PseudonymiseProcessor.PURGE_INTERVAL);

        assertThat(rekeyed.get(NEW_KEY)).isNull();
        assertThat(rekeyed.get("another-pseudonym")).isNull();
    }

    @Test
    void shouldPurgeOnlyEntriesOlderThanTheRetentionDuringARotation() {
        start(Optional.of(ExpectedPseudonyms.previousPseudonymizer()));
        rekeyed.put("ancient", NOW.minus(Duration.ofDays(401)).toEpochMilli());
        rekeyed.put("recent", NOW.minus(Duration.ofDays(1)).toEpochMilli());

        driver.advanceWallClockTime(PseudonymiseProcessor.PURGE_INTERVAL);

        assertThat(rekeyed.get("ancient")).isNull();
        assertThat(rekeyed.get("recent")).isEqualTo(NOW.minus(Duration.ofDays(1)).toEpochMilli());
    }

    @Test
    void shouldRefuseAPreviousKeyWithTheCurrentKeyId() {
        Pseudonymizer sameId = new Pseudonymizer(ExpectedPseudonyms.KEY_ID,
                ExpectedPseudonyms.PREVIOUS_KEY.getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> PrivacyFilterTopology.build(FilterProperties.defaults(),
                ExpectedPseudonyms.pseudonymizer(), Optional.of(sameId), Clock.fixed(NOW, ZoneOffset.UTC)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the previous key's id must differ from the current key id 'k-test'");
    }

    private void start(Optional<Pseudonymizer> previous) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "privacy-filter-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(PrivacyFilterTopology.build(FilterProperties.defaults(),
                ExpectedPseudonyms.pseudonymizer(), previous, Clock.fixed(NOW, ZoneOffset.UTC)), props, NOW);
        raw = driver.createInputTopic(Topics.RAW_EVENTS.name(), new StringSerializer(), new ByteArraySerializer());
        requests = driver.createInputTopic(REQUESTS, new StringSerializer(), new ByteArraySerializer());
        clean = output(Topics.CLEAN_EVENTS);
        rekeys = output(Topics.REKEYS);
        erasures = output(Topics.ERASURES);
        status = output(Topics.ERASURE_STATUS);
        rekeyed = driver.getKeyValueStore(PseudonymiseProcessor.REKEYED_STORE);
    }

    private void send(String eventId, RawEvents event) {
        event.eventId = eventId;
        raw.pipeInput(event.userId, event.bytes(), event.receivedAt);
    }

    private <V> TestOutputTopic<String, V> output(Topic<String, V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }
}
