package io.profilestream.model.dp;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Many threads charging one ledger at once, released together by a latch. */
final class LedgerConcurrency {

    private LedgerConcurrency() {
    }

    /** Returns the receipts of the charges that were accepted; refusals are counted out. */
    static List<LedgerReceipt> chargeConcurrently(PrivacyBudgetLedger ledger, int threads, int chargesPerThread,
                                                  double epsilon) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<List<LedgerReceipt>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    List<LedgerReceipt> accepted = new ArrayList<>();
                    for (int i = 0; i < chargesPerThread; i++) {
                        try {
                            accepted.add(ledger.charge("release-" + thread + "-" + i, epsilon));
                        } catch (PrivacyBudgetExhaustedException refused) {
                            // expected once the budget is spent
                        }
                    }
                    return accepted;
                }));
            }
            start.countDown();
            List<LedgerReceipt> all = new ArrayList<>();
            for (Future<List<LedgerReceipt>> f : futures) {
                all.addAll(f.get());
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }
}
