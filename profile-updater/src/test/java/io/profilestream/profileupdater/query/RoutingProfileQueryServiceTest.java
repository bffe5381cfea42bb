package io.profilestream.profileupdater.query;

import static io.profilestream.model.event.EventType.VIEW;
import static io.profilestream.profileupdater.profile.TestEvents.ALICE;
import static io.profilestream.profileupdater.profile.TestEvents.BOB;
import static io.profilestream.profileupdater.profile.TestEvents.T0;
import static io.profilestream.profileupdater.profile.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.profilestream.model.erasure.ErasureCommand;
import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.profile.DecayedScores;
import io.profilestream.model.profile.PriceBand;
import io.profilestream.model.profile.Rfm;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.model.streams.KeyOwner;
import io.profilestream.model.topic.Topics;
import io.profilestream.profileupdater.profile.ProfileSettings;
import io.profilestream.profileupdater.profile.ProfileTopology;
import io.profilestream.profileupdater.profile.TestCipher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Routing over the real topology's stores (fed through TopologyTestDriver), opened by the real
 * {@link SealedProfileReader}, and real HTTP to a stand-in owner; only the ownership decision,
 * which needs a broker, is given per test.
 */
class RoutingProfileQueryServiceTest {

    /** Alice's profile after her one view. */
    private static final UserProfile ALICE_PROFILE = new UserProfile(ALICE, 1, Map.of(VIEW, 1L),
            new DecayedScores(T0, Map.of("shoes", 1.0)), DecayedScores.empty(), PriceBand.empty(), Rfm.empty(), 1, null,
            List.of("i1"), List.of(), T0, T0);

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private KeyValueStore<String, byte[]> profiles;
    private KeyValueStore<String, byte[]> keys;
    private final ProfileForwarder forwarder = new ProfileForwarder(Duration.ofSeconds(2));
    private final SealedProfileReader reader = new SealedProfileReader(TestCipher.CIPHER);

    /**
     * This instance's stores, read as {@link StreamsProfileStoreGateway#local} reads them, with
     * the ownership {@link KeyOwner#locate} would report.
     */
    private final class OwnedStore implements ProfileStoreGateway {
        private final KeyOwner owner;

        OwnedStore(KeyOwner owner) {
            this.owner = owner;
        }

        @Override
        public KeyOwner owner(String userKey) {
            return owner;
        }

        @Override
        public Optional<UserProfile> local(String userKey) {
            return reader.read(profiles, keys, userKey);
        }
    }

    @BeforeEach
    void setUp() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "profile-updater");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(ProfileTopology.build(
                ProfileTopology.Deps.explicitOnly(ProfileSettings.defaults(), TestCipher.CIPHER)), props);
        TestInputTopic<String, CleanEvent> input = driver.createInputTopic(Topics.CLEAN_EVENTS.name(),
                Topics.CLEAN_EVENTS.keySerde().serializer(), Topics.CLEAN_EVENTS.valueSerde().serializer());
        CleanEvent view = event(VIEW, T0).item("i1").category("shoes").build();
        input.pipeInput(ALICE, view, T0);
        profiles = driver.getKeyValueStore(ProfileTopology.PROFILE_STORE);
        keys = driver.getKeyValueStore(ProfileTopology.USER_KEYS_STORE);
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private RoutingProfileQueryService service(KeyOwner owner) {
        return new RoutingProfileQueryService(new OwnedStore(owner), forwarder);
    }

    private static KeyOwner local() {
        return new KeyOwner(true, Optional.empty());
    }

    private static KeyOwner remote(HostInfo host) {
        return new KeyOwner(false, Optional.of(host));
    }

    @Test
    void shouldServeALocallyOwnedProfileFromTheStore() {
        ProfileAnswer answer = service(local()).find(ALICE, false);

        assertThat(answer).isEqualTo(new ProfileAnswer.Local(ALICE_PROFILE));
    }

    @Test
    void shouldServeAForwardedRequestForALocallyOwnedProfile() {
        assertThat(service(local()).find(ALICE, true)).isEqualTo(new ProfileAnswer.Local(ALICE_PROFILE));
    }

    @Test
    void shouldReportAnUnknownLocallyOwnedUserAsNotFound() {
        assertThatThrownBy(() -> service(local()).find(BOB, false))
                .isInstanceOfSatisfying(ProfileNotFoundException.class, e -> assertThat(e.userKey()).isEqualTo(BOB));
    }

    @Test
    void shouldReportAProfileWhoseDataKeyIsGoneAsNotFound() {
        // A stale sealed copy without its key (crypto-shredded): nothing may be served from it.
        keys.delete(ALICE);

        assertThat(profiles.get(ALICE)).isNotNull();
        assertThatThrownBy(() -> service(local()).find(ALICE, false))
                .isInstanceOfSatisfying(ProfileNotFoundException.class, e -> assertThat(e.userKey()).isEqualTo(ALICE));
    }

    @Test
    void shouldReportAProfileThatCannotBeOpenedAsNotFound() {
        keys.put(ALICE, TestCipher.CIPHER.newWrappedKey(ALICE));

        assertThatThrownBy(() -> service(local()).find(ALICE, false))
                .isInstanceOfSatisfying(ProfileNotFoundException.class, e -> assertThat(e.userKey()).isEqualTo(ALICE));
    }

    @Test
    void shouldReportAnErasedUserAsNotFound() {
        driver.createInputTopic(Topics.ERASURES.name(), Topics.ERASURES.keySerde().serializer(),
                        Topics.ERASURES.valueSerde().serializer())
                .pipeInput(ALICE, new ErasureCommand("req-1", ALICE, "k1", T0.plusSeconds(60)), T0.plusSeconds(60));

        assertThat(keys.get(ALICE)).isNull();
        assertThatThrownBy(() -> service(local()).find(ALICE, false))
                .isInstanceOfSatisfying(ProfileNotFoundException.class, e -> assertThat(e.userKey()).isEqualTo(ALICE));
    }

    @Test
    void shouldForwardToTheOwningInstanceOnce() throws IOException {
        try (RemoteInstance owner = new RemoteInstance(200, "application/json", null, "{\"eventCount\":7}")) {
            ProfileAnswer answer = service(remote(owner.hostInfo())).find(BOB, false);

            assertThat(answer).isInstanceOfSatisfying(ProfileAnswer.Relayed.class, relayed -> {
                assertThat(relayed.status()).isEqualTo(200);
                assertThat(new String(relayed.body(), StandardCharsets.UTF_8)).isEqualTo("{\"eventCount\":7}");
            });
            assertThat(owner.received()).containsExactly(new RemoteInstance.Received("GET", "/v1/profiles/" + BOB, "true"));
        }
    }

    @Test
    void shouldNotForwardAForwardedRequestAgain() throws IOException {
        try (RemoteInstance owner = new RemoteInstance(200, "application/json", null, "{}")) {
            assertThatThrownBy(() -> service(remote(owner.hostInfo())).find(BOB, true))
                    .isInstanceOf(ProfileUnavailableException.class)
                    .hasMessage("ownership of this profile is moving between instances (rebalancing); retry shortly");
            assertThat(owner.received()).isEmpty();
        }
    }

    @Test
    void shouldPassOnUnavailabilityOfTheStore() {
        ProfileStoreGateway rebalancing = new ProfileStoreGateway() {
            @Override
            public KeyOwner owner(String userKey) {
                throw new ProfileUnavailableException("no instance owns this key yet (rebalancing); retry shortly");
            }

            @Override
            public Optional<UserProfile> local(String userKey) {
                throw new AssertionError("must not read a store whose ownership is unknown");
            }
        };

        assertThatThrownBy(() -> new RoutingProfileQueryService(rebalancing, forwarder).find(ALICE, false))
                .isInstanceOf(ProfileUnavailableException.class)
                .hasMessage("no instance owns this key yet (rebalancing); retry shortly");
    }
}
