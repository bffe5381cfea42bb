package io.profilestream.localstack.bench;

import java.util.List;
import java.util.function.LongFunction;

/**
 * Which user the i-th request of an open-loop run asks for: each request picks one of the users
 * uniformly at random, reproducibly (a function of the seed and i only, so it is cheap to call on
 * the sending thread and two runs with one seed send the same sequence).
 *
 * <p>Why not {@code users.get(i % n)}: in a round-robin every user is asked for exactly once per
 * round, so every user's per-user state (the recommender's cached ranking, the items shown too
 * often) moves in lockstep, and what happens to one user happens to all of them in the same few
 * seconds: every cached ranking expired in one burst (run 44), every ranking ran out of items
 * not shown too often in one burst (run 45), and the bursts of ~500 recomputations a second
 * were the p99. Shoppers do not take turns; independent random picks keep the same average rate
 * per user without the lockstep.
 */
final class RandomUsers {

    private RandomUsers() {
    }

    /** Request i → one of {@code users}, uniformly, from {@code seed} and i alone. */
    static LongFunction<String> uniform(List<String> users, long seed) {
        if (users.isEmpty()) {
            throw new IllegalArgumentException("no users to pick from");
        }
        List<String> copy = List.copyOf(users);
        int n = copy.size();
        return i -> copy.get((int) Long.remainderUnsigned(mix(seed + i * 0x9E3779B97F4A7C15L), n));
    }

    /** SplittableRandom's 64-bit finaliser (Stafford variant 13): consecutive inputs give unrelated outputs. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
