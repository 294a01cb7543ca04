package dev.barron.experiments;

import dev.barron.backend.Backend;
import dev.barron.backend.ProblemSize;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A sweep's batches, run by its experiment and handed back as they finish. Where the experiment
 * allows it ({@link SweepExperiment#concurrentBatches}: n at once), n batches run at a time: a
 * batch ends with its few longest runs, which hold a core and a handful of SIMD lanes each, and
 * the other batches take the cores that would otherwise wait (a survey at k = 20 has runs of
 * 250,000 steps among runs of 10,000). Then the batches also start largest problem first
 * (per-step flops, ties in sweep order): the last batches' tails are the ones no later batch can
 * fill, and those of the smallest problems are the shortest (the 1000-run survey table on 2
 * cores: 4 rather than 9.6 core-seconds idle); and each batch is handed back as soon as it ends,
 * so that the sweep writes it then rather than behind a larger batch still running. One at a
 * time, the batches run and come back in sweep order. Results do not depend on any of this:
 * every run's result is the same whatever ran beside it.
 */
final class BatchRunner implements AutoCloseable {

    /** A finished batch: its tasks and their outcomes, in the same order. */
    record Done(List<SweepTask> batch, List<SweepOutcome> outcomes) {
    }

    private final SweepExperiment ex;
    private final Backend backend;
    private final int threads;
    private final List<List<SweepTask>> batches;
    private final ExecutorService ahead;
    private final ExecutorCompletionService<Done> finished;
    private final int atOnce;
    private final List<Future<Done>> started = new ArrayList<>();
    private int handed;

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
        this.finished = ahead == null ? null : new ExecutorCompletionService<>(ahead);
    }

    static List<List<SweepTask>> largestFirst(List<List<SweepTask>> batches, SweepExperiment ex) {
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

    /** The next batch to finish, keeping atOnce running; call it {@link #count} times at most. */
    Done next() throws java.io.IOException {
        if (ahead == null) {
            List<SweepTask> batch = batches.get(handed++);
            return new Done(batch, ex.run(backend, batch, threads));
        }
        while (started.size() < batches.size() && started.size() - handed < atOnce) {
            List<SweepTask> batch = batches.get(started.size());
            started.add(finished.submit(() -> new Done(batch, ex.run(backend, batch, threads))));
        }
        try {
            Done d = finished.take().get();
            handed++;
            return d;
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
        for (Future<Done> f : started) {
            try {
                f.get();
            } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                // its failure was reported by next(), or nobody asked for it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        ahead.shutdown();
    }
}
