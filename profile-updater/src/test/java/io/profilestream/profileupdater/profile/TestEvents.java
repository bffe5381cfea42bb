package io.profilestream.profileupdater.profile;

import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.event.Consent;
import io.profilestream.model.event.EventType;
import java.math.BigDecimal;
import java.time.Instant;

/** Concise construction of clean events for tests. */
public final class TestEvents {

    /** Two valid user pseudonyms. */
    public static final String ALICE = "a1".repeat(32);
    public static final String BOB = "b2".repeat(32);

    /** An arbitrary fixed origin for event times. */
    public static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private final EventType type;
    private final Instant at;
    private String userKey = ALICE;
    private String keyId = "k1";
    private String session;
    private String item;
    private String category;
    private String brand;
    private BigDecimal price;
    private String currency;
    private Integer quantity;
    private Integer rating;
    private String query;
    private String reviewText;
    private Consent consent;
    private String previousUserKey;

    private TestEvents(EventType type, Instant at) {
        this.type = type;
        this.at = at;
    }

    /** An event of {@code type} at {@code at} for {@link #ALICE}, with no other fields. */
    public static TestEvents event(EventType type, Instant at) {
        return new TestEvents(type, at);
    }

    public TestEvents user(String userKey) {
        this.userKey = userKey;
        return this;
    }

    /** The id of the HMAC key that made the pseudonym; {@code k1} unless set. */
    public TestEvents keyId(String keyId) {
        this.keyId = keyId;
        return this;
    }

    public TestEvents session(String session) {
        this.session = session;
        return this;
    }

    public TestEvents item(String item) {
        this.item = item;
        return this;
    }

    public TestEvents category(String category) {
        this.category = category;
        return this;
    }

    public TestEvents brand(String brand) {
        this.brand = brand;
        return this;
    }

    public TestEvents price(String price, String currency) {
        this.price = new BigDecimal(price);
        this.currency = currency;
        return this;
    }

    public TestEvents quantity(int quantity) {
        this.quantity = quantity;
        return this;
    }

    public TestEvents rating(int rating) {
        this.rating = rating;
        return this;
    }

    public TestEvents query(String query) {
        this.query = query;
        return this;
    }

    public TestEvents review(String reviewText) {
        this.reviewText = reviewText;
        return this;
    }

    public TestEvents consent(Consent consent) {
        this.consent = consent;
        return this;
    }

    /** Marks the event as sent during a key rotation's grace period, for a user known before as {@code previousUserKey}. */
    public TestEvents previousUser(String previousUserKey) {
        this.previousUserKey = previousUserKey;
        return this;
    }

    public CleanEvent build() {
        return new CleanEvent(1, type.wireName() + "-" + at.toEpochMilli() + "-" + item, userKey, keyId, session, type,
                item, category, brand, price, currency, quantity, query, reviewText, rating, at, consent, previousUserKey);
    }
}
