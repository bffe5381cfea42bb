package io.profilestream.recommender.metrics;

import io.micrometer.core.instrument.Timer;
import io.profilestream.ml.serving.ItemRetriever;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import java.util.function.LongSupplier;

/**
 * Times the model's part of a recommendation request, split as
 * {@value RecommenderMetrics#INFERENCE}{part}:
 * <ul>
 *   <li>{@code retrieval}: the user's state under the served model (the LSTM replay of the
 *       session when the profile was stepped by another version) plus every call into the
 *       model's {@link ItemRetriever} (candidates, and any backfill beyond them);</li>
 *   <li>{@code ranking}: the rest of the model's answer: V-SKNN signals, features, the MLP re-rank
 *       and the candidates' LSTM scores.</li>
 * </ul>
 * One sample of each per model call that produced an answer (a miss or refill of the ranked-list
 * cache calls the model once, twice when a ranking computed afresh still cannot serve the
 * request; a hit calls it not at all), and per ranking computed ahead on the background thread
 * ({@code RankingAhead}), which no request waits for.
 *
 * <p>The retriever runs inside {@code ServingModel.recommend}, which offers no hook, so each
 * model's retriever is wrapped with {@link #timed} when the model is loaded and adds its time to a
 * per-thread total that the surrounding {@link Measurement} reads: a request is served on one
 * thread, and the model answers on the caller's thread. A model loaded with an unwrapped retriever
 * reports its retrieval under {@code ranking} (only the state part under {@code retrieval}).
 */
public final class InferenceClock {

    private final LongSupplier ticker;
    private final Timer retrieval;
    private final Timer ranking;
    private final ThreadLocal<long[]> retrieverNanos = ThreadLocal.withInitial(() -> new long[1]);

    /**
     * @param ticker    monotonic nanoseconds (the meter registry's clock in production)
     * @param retrieval the {@code part=retrieval} timer
     * @param ranking   the {@code part=ranking} timer
     */
    InferenceClock(LongSupplier ticker, Timer retrieval, Timer ranking) {
        this.ticker = ticker;
        this.retrieval = retrieval;
        this.ranking = ranking;
    }

    /** {@code retriever}, adding the time spent in it to the current thread's measurement. */
    public ItemRetriever timed(ItemRetriever retriever) {
        return new TimedRetriever(retriever);
    }

    /** Starts measuring one model call on this thread: call before the user's state is computed. */
    public Measurement start() {
        retrieverNanos.get()[0] = 0;
        return new Measurement(ticker.getAsLong());
    }

    /** One model call being measured; records nothing unless {@link #done()} is reached. */
    public final class Measurement {

        private final long started;
        private long stateReady;

        private Measurement(long started) {
            this.started = started;
            this.stateReady = started;
        }

        /** The user's state is ready; the model's retrieval and ranking start now. */
        public void stateReady() {
            stateReady = ticker.getAsLong();
        }

        /** The model has answered: records one retrieval and one ranking sample. */
        public void done() {
            long answered = ticker.getAsLong();
            long inRetriever = retrieverNanos.get()[0];
            retrieval.record((stateReady - started) + inRetriever, TimeUnit.NANOSECONDS);
            ranking.record(Math.max(0, (answered - stateReady) - inRetriever), TimeUnit.NANOSECONDS);
        }
    }

    private final class TimedRetriever implements ItemRetriever {

        private final ItemRetriever delegate;

        TimedRetriever(ItemRetriever delegate) {
            this.delegate = delegate;
        }

        @Override
        public int[] top(float[] h, int n, IntPredicate excluded) {
            long started = ticker.getAsLong();
            try {
                return delegate.top(h, n, excluded);
            } finally {
                retrieverNanos.get()[0] += ticker.getAsLong() - started;
            }
        }

        @Override
        public String name() {
            return delegate.name();
        }
    }
}
