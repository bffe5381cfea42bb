package io.profilestream.recommender.crypto;

import io.profilestream.model.crypto.UserDataCipher;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.model.topic.Topics;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Test fixture playing the profile-updater's part in encryption at rest: a cipher under an
 * all-zero test master key, one data key per user (made on first use, as the updater does), and
 * the user-keys and profiles topics of a {@link TopologyTestDriver} to publish them on.
 */
public final class SealedFixture {

    /** Test master key: 32 zero bytes, id {@code m1} (the application.yml default id). */
    public static final UserDataCipher CIPHER = new UserDataCipher("m1", new byte[32]);

    private final Map<String, byte[]> keys = new HashMap<>();

    /** The user's current wrapped data key, made on first use. */
    public byte[] key(String userKey) {
        return keys.computeIfAbsent(userKey, CIPHER::newWrappedKey);
    }

    /** Replaces the user's key by a new one, as the updater does for a user profiled again after erasure. */
    public byte[] newKey(String userKey) {
        keys.put(userKey, CIPHER.newWrappedKey(userKey));
        return keys.get(userKey);
    }

    /** {@code value} as JSON sealed with the user's current key. */
    public byte[] seal(String userKey, Object value) {
        return CIPHER.sealJson(userKey, key(userKey), value);
    }

    /** Opens a value sealed with the user's current key. */
    public <T> T open(String userKey, byte[] sealed, Class<T> type) {
        return CIPHER.openJson(userKey, key(userKey), sealed, type);
    }

    /** Publishes on the user-keys and profiles topics of {@code driver}. */
    public Publisher publisher(TopologyTestDriver driver) {
        return new Publisher(driver);
    }

    /** The two input topics the profile-updater writes, fed from this fixture's keys. */
    public final class Publisher {
        private final TestInputTopic<String, byte[]> keyTopic;
        private final TestInputTopic<String, byte[]> profileTopic;

        Publisher(TopologyTestDriver driver) {
            keyTopic = driver.createInputTopic(Topics.USER_KEYS.name(),
                    Topics.USER_KEYS.keySerde().serializer(),
                    Topics.USER_KEYS.valueSerde().serializer());
            profileTopic = driver.createInputTopic(Topics.PROFILES.name(),
                    Topics.PROFILES.keySerde().serializer(),
                    Topics.PROFILES.valueSerde().serializer());
        }

        /** Publishes the user's current key. */
        public byte[] key(String userKey, Instant at) {
            byte[] key = SealedFixture.this.key(userKey);
            keyTopic.pipeInput(userKey, key, at);
            return key;
        }

        /** Publishes the profile sealed with its user's current key (the key itself is not published). */
        public byte[] profile(UserProfile profile, Instant at) {
            byte[] sealed = seal(profile.userKey(), profile);
            profileTopic.pipeInput(profile.userKey(), sealed, at);
            return sealed;
        }

        /** Publishes the key, then the sealed profile, as the updater does for a new user. */
        public byte[] keyAndProfile(UserProfile profile, Instant at) {
            key(profile.userKey(), at);
            return profile(profile, at);
        }

        /** Tombstones the user's key (crypto-shredding); the fixture still remembers it, to show it is no longer used. */
        public void destroyKey(String userKey, Instant at) {
            keyTopic.pipeInput(userKey, null, at);
        }

        /** Tombstones the user's profile. */
        public void deleteProfile(String userKey, Instant at) {
            profileTopic.pipeInput(userKey, null, at);
        }
    }
}
