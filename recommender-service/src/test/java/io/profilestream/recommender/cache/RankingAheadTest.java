package io.profilestream.recommender.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RankingAheadTest {

    @Test
    void shouldRunAtMostOneWorkPerUserUntilItHasRun() {
        List<Runnable> held = new ArrayList<>();
        RankingAhead ahead = RankingAhead.on(held::add);
        AtomicInteger runs = new AtomicInteger();

        ahead.schedule("alice", runs::incrementAndGet);
        ahead.schedule("alice", runs::incrementAndGet);
        ahead.schedule("bob", runs::incrementAndGet);
        List.copyOf(held).forEach(Runnable::run);
        ahead.schedule("alice", runs::incrementAndGet);
        held.get(held.size() - 1).run();

        assertThat(held).hasSize(3);
        assertThat(runs).hasValue(3);
    }

    @Test
    void shouldLetAUserScheduleAgainAfterTheirWorkWasRejectedOrFailed() {
        AtomicInteger offered = new AtomicInteger();
        RankingAhead rejecting = RankingAhead.on(work -> {
            offered.incrementAndGet();
            throw new RejectedExecutionException("queue full");
        });
        RankingAhead direct = RankingAhead.on(Runnable::run);
        AtomicInteger runs = new AtomicInteger();

        rejecting.schedule("alice", runs::incrementAndGet);
        rejecting.schedule("alice", runs::incrementAndGet);
        try {
            direct.schedule("alice", () -> {
                throw new IllegalStateException("model failed");
            });
        } catch (IllegalStateException expected) {
            // the work's own failure reaches the executor's thread (here the caller)
        }
        direct.schedule("alice", runs::incrementAndGet);

        assertThat(offered).hasValue(2);
        assertThat(runs).hasValue(1);
    }

    @Test
    void shouldNeverRunWorkWhenNone() {
        AtomicInteger runs = new AtomicInteger();

        RankingAhead.none().schedule("alice", runs::incrementAndGet);

        assertThat(RankingAhead.none().enabled()).isFalse();
        assertThat(runs).hasValue(0);
    }

    @Test
    void shouldRunWorkOnItsBackgroundThread() throws InterruptedException {
        RankingAhead ahead = RankingAhead.inBackground(4);
        List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);

        ahead.schedule("alice", () -> {
            threads.add(Thread.currentThread().getName());
            done.countDown();
        });

        assertThat(done.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(threads).containsExactly("ranking-ahead");
    }
}
