package dev.barron.backend.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * Runs a loop over rows on the backend's own fork-join pool, in contiguous chunks so that
 * each chunk can allocate its scratch rows once. Results are written to per-row slots, never
 * reduced across threads, so that every sum is formed in the same order whatever the thread
 * count: the CPU backend is deterministic.
 */
final class RowParallel {

    /** Work (in rough flop units) below which a loop runs on the calling thread. */
    private static final long SEQUENTIAL_WORK = 1L << 15;

    /** A loop body over rows [from, to). */
    @FunctionalInterface
    interface Chunk {
        void run(int from, int to);
    }

    private final ForkJoinPool pool;

    RowParallel(ForkJoinPool pool) {
        this.pool = pool;
    }

    int threads() {
        return pool.getParallelism();
    }

    /**
     * Calls body on chunks covering [0, rows).
     *
     * @param workPerRow rough cost of one row, to keep small loops sequential
     */
    void forRows(int rows, long workPerRow, Chunk body) {
        if (rows == 0) {
            return;
        }
        long work = rows * Math.max(1, workPerRow);
        if (work < SEQUENTIAL_WORK || pool.getParallelism() == 1 || rows == 1) {
            body.run(0, rows);
            return;
        }
        int chunks = (int) Math.min(rows, Math.min(4L * pool.getParallelism(), work / SEQUENTIAL_WORK + 1));
        int grain = (rows + chunks - 1) / chunks;
        pool.invoke(new Range(0, rows, grain, body));
    }

    private static final class Range extends RecursiveAction {
        private final int from;
        private final int to;
        private final int grain;
        private final Chunk body;

        Range(int from, int to, int grain, Chunk body) {
            this.from = from;
            this.to = to;
            this.grain = grain;
            this.body = body;
        }

        @Override
        protected void compute() {
            if (to - from <= grain) {
                body.run(from, to);
                return;
            }
            int mid = from + (to - from) / 2;
            invokeAll(new Range(from, mid, grain, body), new Range(mid, to, grain, body));
        }
    }
}
