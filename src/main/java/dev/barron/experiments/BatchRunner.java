package dev.barron.experiments;

import dev.barron.backend.Backend;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A sweep's batches, run by its experiment and handed back in sweep order. Where the experiment
 * allows it ({@link SweepExperiment#concurrentBatches}: n at once), up to n - 1 later batches run
 * while the sweep waits for the current one: a batch ends with its few longest runs, which hold
 * a core and a handful of SIMD lanes each, and the later batches take the cores that would
 * otherwise wait (a survey at k = 20 has runs of 250,000 steps among runs of 10,000). Results do
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
        this.batches = batches;
        this.atOnce = Math.max(1, ex.concurrentBatches(backend, threads));
        this.ahead = atOnce > 1 ? Executors.newFixedThreadPool(atOnce, r -> {
            Thread t = new Thread(r, "sweep-batch");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /** The outcomes of batch b; batches must be asked for in order. */
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
