package io.profilestream.recommender.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
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
    void shouldLetAUserScheduleAgainAfterTheirWorkWasRejected() {
        AtomicInteger offered = new AtomicInteger();
        RankingAhead rejecting = RankingAhead.on(work -> {
            offered.incrementAndGet();
            throw new RejectedExecutionException("queue full");
        });

        rejecting.schedule("alice", () -> { });
        rejecting.schedule("alice", () -> { });

        assertThat(offered).hasValue(2);
    }

    @Test
    void shouldLogAFailedWorkAndLetTheUserScheduleAgain() {
        RankingAhead direct = RankingAhead.on(Runnable::run);
        AtomicInteger runs = new AtomicInteger();

        direct.schedule("alice", () -> {
            throw new IllegalStateException("model failed");
        });
        direct.schedule("alice", runs::incrementAndGet);

        assertThat(runs).hasValue(1);
    }

    @Test
    void shouldNotFailTheCallerWhenTheExecutorCannotTakeWork() {
        RankingAhead broken = RankingAhead.on(work -> {
            throw new IllegalStateException("no thread");
        });
        RankingAhead direct = RankingAhead.on(Runnable::run);
        AtomicInteger runs = new AtomicInteger();

        broken.schedule("alice", runs::incrementAndGet);
        direct.schedule("alice", runs::incrementAndGet);

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
    void shouldRunWorkOnItsBackgroundThreadUntilClosed() throws InterruptedException {
        List<String> threads = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger afterClose = new AtomicInteger();

        try (RankingAhead ahead = RankingAhead.inBackground(4)) {
            ahead.schedule("alice", () -> {
                threads.add(Thread.currentThread().getName());
                done.countDown();
            });
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            ahead.close();
            ahead.schedule("bob", afterClose::incrementAndGet);
        }

        assertThat(threads).containsExactly("ranking-ahead");
        assertThat(afterClose).hasValue(0);
    }
}
