package io.profilestream.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.model.event.EventType;
import io.profilestream.model.event.RawEvent;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ClickstreamGeneratorTest {

    private static List<RawEvent> events(long seed, int n) {
        return new ClickstreamGenerator(GeneratorSettings.defaults(seed, 500, 2000), "run").take(n);
    }

    @Test
    void shouldProduceTheSameEventsForTheSameSeed() {
        assertThat(events(7, 2000)).isEqualTo(events(7, 2000));
        assertThat(events(7, 2000)).isNotEqualTo(events(8, 2000));
    }

    @Test
    void shouldGiveEveryEventTheFieldsItsTypeRequires() {
        for (RawEvent e : events(1, 20000)) {
            assertThat(e.eventId()).startsWith("run-");
            assertThat(e.userId()).matches("user-\\d{6}");
            assertThat(e.sessionId()).startsWith(e.userId() + "-s");
            switch (e.type()) {
                case SEARCH -> assertThat(e.query()).isNotBlank();
                case REVIEW -> assertThat(e.reviewText()).isNotBlank();
                case RATING -> assertThat(e.rating()).isBetween(1, 5);
                case ADD_TO_CART, PURCHASE -> assertThat(e.quantity()).isBetween(1, 2);
                default -> { }
            }
            if (e.type() != EventType.SEARCH) {
                assertThat(e.itemId()).startsWith("p");
                assertThat(e.price()).isPositive();
                assertThat(e.currency()).isEqualTo("EUR");
            }
        }
    }

    @Test
    void shouldFollowAViewToCartToPurchaseFunnel() {
        Map<EventType, Long> counts = events(3, 50000).stream()
                .collect(Collectors.groupingBy(RawEvent::type, Collectors.counting()));
        double cartPerView = (double) counts.get(EventType.ADD_TO_CART) / counts.get(EventType.VIEW);
        double purchasePerCart = (double) counts.get(EventType.PURCHASE) / counts.get(EventType.ADD_TO_CART);

        assertThat(cartPerView).isBetween(0.10, 0.14);       // configured 0.12
        assertThat(purchasePerCart).isBetween(0.34, 0.46);   // 0.45 of the 90 % not removed
        assertThat(counts.get(EventType.SEARCH)).isPositive();
        assertThat(counts.get(EventType.REVIEW)).isPositive();
    }

    @Test
    void shouldConcentrateViewsOnAFewPopularItems() {
        Map<String, Long> views = events(5, 50000).stream().filter(e -> e.type() == EventType.VIEW)
                .collect(Collectors.groupingBy(RawEvent::itemId, Collectors.counting()));
        long total = views.values().stream().mapToLong(Long::longValue).sum();
        long top5Percent = views.values().stream().sorted(Comparator.reverseOrder())
                .limit(100).mapToLong(Long::longValue).sum();

        // 100 of 2000 items take far more than their 5 % share.
        assertThat((double) top5Percent / total).isGreaterThan(0.35);
    }

    @Test
    void shouldGiveShoppersStableCategoryPreferences() {
        Map<String, Map<String, Long>> byUser = new HashMap<>();
        for (RawEvent e : events(9, 50000)) {
            if (e.type() == EventType.VIEW) {
                byUser.computeIfAbsent(e.userId(), u -> new HashMap<>()).merge(e.category(), 1L, Long::sum);
            }
        }
        double meanTopShare = byUser.values().stream().filter(m -> m.values().stream().mapToLong(Long::longValue).sum() >= 30)
                .mapToDouble(m -> (double) m.values().stream().max(Long::compare).orElseThrow()
                        / m.values().stream().mapToLong(Long::longValue).sum())
                .average().orElseThrow();

        // 20 categories: without preferences the top one would hold about 1/20 of a user's views.
        assertThat(meanTopShare).isGreaterThan(0.35);
    }

    @Test
    void shouldSpanLessGeneratedTimeThanOneSecondPerEvent() {
        // The local stack relies on this to date a demo run entirely in the past.
        GeneratorSettings settings = GeneratorSettings.defaults(4, 1000, 2000);
        java.time.Instant last = new ClickstreamGenerator(settings, "run").take(20000).stream()
                .map(RawEvent::timestamp).max(Comparator.naturalOrder()).orElseThrow();

        assertThat(java.time.Duration.between(settings.start(), last)).isLessThan(java.time.Duration.ofSeconds(20000));
    }

    @Test
    void shouldDrawZipfRanksWithTheExactProbabilities() {
        ZipfSampler zipf = new ZipfSampler(3, 1.0);
        double h = 1 + 0.5 + 1.0 / 3;

        assertThat(zipf.probability(0)).isCloseTo(1 / h, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(zipf.probability(2)).isCloseTo(1 / (3 * h), org.assertj.core.api.Assertions.within(1e-12));
    }
}
