package io.profilestream.localstack.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RandomUsersTest {

    static final List<String> USERS = IntStream.range(0, 100).mapToObj(i -> "u" + i).toList();

    @Test
    void shouldPickTheSameUserForTheSameSeedAndRequest() {
        LongFunction<String> a = RandomUsers.uniform(USERS, 7);
        LongFunction<String> b = RandomUsers.uniform(USERS, 7);

        for (long i = 0; i < 1_000; i++) {
            assertThat(a.apply(i)).isEqualTo(b.apply(i));
        }
        assertThat(IntStream.range(0, 50).mapToObj(i -> RandomUsers.uniform(USERS, 8).apply(i)).toList())
                .isNotEqualTo(IntStream.range(0, 50).mapToObj(i -> a.apply(i)).toList());
    }

    @Test
    void shouldMixLikeSplittableRandom() {
        // SplittableRandom(seed).nextLong() is mix64(seed + golden gamma): the same finaliser.
        assertThat(RandomUsers.mix(42 + 0x9E3779B97F4A7C15L)).isEqualTo(new SplittableRandom(42).nextLong());
    }

    @Test
    void shouldSpreadRequestsOverAllUsersWithoutRoundRobinTurns() {
        LongFunction<String> pick = RandomUsers.uniform(USERS, 7);
        Map<String, Integer> counts = new HashMap<>();
        int sameAsRoundRobin = 0;
        for (long i = 0; i < 100_000; i++) {
            String user = pick.apply(i);
            counts.merge(user, 1, Integer::sum);
            if (user.equals(USERS.get((int) (i % 100)))) {
                sameAsRoundRobin++;
            }
        }

        assertThat(counts).hasSize(100);
        // 1,000 expected per user; 5 standard deviations of a binomial(100,000, 0.01) is ±157.
        assertThat(counts.values()).allSatisfy(c -> assertThat(c).isBetween(843, 1_157));
        // A round-robin would match every time; independent picks about 1 in 100.
        assertThat(sameAsRoundRobin).isBetween(843, 1_157);
    }

    @Test
    void shouldRefuseAnEmptyUserList() {
        assertThatThrownBy(() -> RandomUsers.uniform(List.of(), 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no users to pick from");
    }
}
