package dev.barron.experiments;

import dev.barron.backend.Backend;
import dev.barron.backend.ProblemSize;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A sweep's batches, run by its experiment and handed back in the order they run. Where the
 * experiment allows it ({@link SweepExperiment#concurrentBatches}: n at once), up to n - 1 later
 * batches run while the sweep waits for the current one: a batch ends with its few longest runs,
 * which hold a core and a handful of SIMD lanes each, and the later batches take the cores that
 * would otherwise wait (a survey at k = 20 has runs of 250,000 steps among runs of 10,000). Then
 * the batches also run largest problem first (per-step flops, ties in sweep order): the last
 * batches' tails are the ones no later batch can fill, and those of the smallest problems are the
 * shortest (the 1000-run survey table on 2 cores: 4 rather than 9.6 core-seconds idle). Results do
 * not depend on this: every run's result is the same whatever ran beside it.
 */
final class BatchRunner implements AutoCloseable {

    private final SweepExperiment ex;
    private final Backend backend;
    private final int threads;
    private final List<List<SweepTask>> batches;
    private final ExecutorService ahead;
    private final int atOnce;
    private final List<Future<List<SweepOutcome>>> started = new ArrayList<>();

    BatchRunner(SweepExperiment ex, Backend backend, int threads, List<List<SweepTask>> batches) {
        this.ex = ex;
        this.backend = backend;
        this.threads = threads;
        this.atOnce = Math.max(1, ex.concurrentBatches(backend, threads));
        this.batches = atOnce > 1 ? largestFirst(batches, ex) : batches;
        this.ahead = atOnce > 1 ? Executors.newFixedThreadPool(atOnce, r -> {
            Thread t = new Thread(r, "sweep-batch");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    private static List<List<SweepTask>> largestFirst(List<List<SweepTask>> batches, SweepExperiment ex) {
        List<List<SweepTask>> out = new ArrayList<>(batches);
        out.sort(Comparator.comparingDouble((List<SweepTask> b) -> {
            ProblemSize size = ex.size(b.get(0).point());
            return size.populationFlops() + size.empiricalFlops();
        }).reversed());
        return out;
    }

    /** How many batches there are. */
    int count() {
        return batches.size();
    }

    /** Batch b in the order the batches run. */
    List<SweepTask> batch(int b) {
        return batches.get(b);
    }

    /** The outcomes of {@link #batch}(b); batches must be asked for in order. */
    List<SweepOutcome> outcomes(int b) throws java.io.IOException {
        if (ahead == null) {
            return ex.run(backend, batches.get(b), threads);
        }
        while (started.size() < Math.min(batches.size(), b + atOnce)) {
            List<SweepTask> batch = batches.get(started.size());
            started.add(ahead.submit(() -> ex.run(backend, batch, threads)));
        }
        try {
            return started.get(b).get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while a batch ran");
        }
    }

    /** Waits for the batches still running (a stopped sweep leaves none behind), then stops the threads. */
    @Override
    public void close() {
        if (ahead == null) {
            return;
        }
        for (Future<List<SweepOutcome>> f : started) {
            try {
                f.get();
            } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                // its failure was reported by outcomes(), or nobody asked for it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        ahead.shutdown();
    }
}
