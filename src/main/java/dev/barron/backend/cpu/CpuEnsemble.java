package dev.barron.backend.cpu;

import dev.barron.backend.EnsembleEngine;
import dev.barron.backend.StepStats;
import dev.barron.model.Network;
import dev.barron.train.DivergenceGuard;
import dev.barron.train.EnsembleResult;
import dev.barron.train.EnsembleRun;
import dev.barron.train.Ensembles;
import dev.barron.train.StopReason;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The CPU's ensemble engine: one worker a core. With {@link EnsembleEngine#LANES} each worker
 * holds a {@link LaneBlock} of runs across SIMD lanes ({@link LaneEnsemble}); otherwise each
 * holds one run at a time. Either way a worker takes the next waiting run as soon as a run stops,
 * so that runs of very different lengths (a converging run can take 100x the steps of a diverging
 * one) keep every core busy to the end. What follows is the one-run-a-worker path (PER_RUN).
 *
 * <p>Why one run per worker rather than one problem spread over the cores: at the sizes
 * surveys use, a row-parallel evaluation spends more on forking and joining than on the work,
 * while independent runs need no synchronisation at all. A small relu run in float64 steps on
 * {@link SmallReluRun} (no BLAS, no allocation per step); any other run, and a run whose
 * weights leave that class's range, is trained by the single-run trainer on this backend. The loop below is the trainer's loop for population GD without logging: the
 * same stop rules ({@link dev.barron.train.StopRules#reason}), the same guard, restarts from
 * the initial point with half the step. Results do not depend on the number of workers.
 */
final class CpuEnsemble {

    /**
     * Above this m (m + k) d the BLAS products of the single-run path beat the plain loops of
     * {@link SmallReluRun} (one run of bench/EnsembleSpeed on a loaded 2-core machine: 2.4x faster at (9, 3, 20), 0.9x at (20, 20, 20), 0.7x
     * at (64, 8, 64)).
     */
    static final long SMALL_WORK = 8192;

    private final CpuBackend backend;
    private final ForkJoinPool pool;

    CpuEnsemble(CpuBackend backend, ForkJoinPool pool) {
        this.backend = backend;
        this.pool = pool;
    }

    /** Whether a run goes to {@link SmallReluRun} rather than the single-run trainer. */
    boolean small(EnsembleRun run) {
        Network n = run.initial();
        long work = (long) n.width() * (n.width() + run.teacher().size()) * n.inputDim();
        return SmallReluRun.suits(n, backend.precision()) && work <= SMALL_WORK;
    }

    List<EnsembleResult> train(List<EnsembleRun> runs, EnsembleEngine engine) {
        return train(runs, engine, new LaneExchange(LaneBlock.LANES / 2));
    }

    /** {@link #train(List, EnsembleEngine)} with the lane workers handing runs over through exchange. */
    List<EnsembleResult> train(List<EnsembleRun> runs, EnsembleEngine engine, LaneExchange exchange) {
        EnsembleResult[] out = new EnsembleResult[runs.size()];
        if (runs.isEmpty()) {
            return List.of();
        }
        AtomicInteger next = new AtomicInteger();
        boolean lanes = engine == EnsembleEngine.LANES && VectorApi.PRESENT && LaneEnsemble.suits(runs, backend);
        int workers = Math.min(pool.getParallelism(), lanes ? ceilDiv(runs.size(), LaneBlock.LANES) : runs.size());
        List<ForkJoinTask<?>> tasks = new ArrayList<>(workers);
        for (int w = 0; w < workers; w++) {
            tasks.add(pool.submit(() -> {
                try {
                    if (lanes) {
                        new LaneEnsemble(backend, runs, out, next, exchange).drain();
                    } else {
                        for (int i = next.getAndIncrement(); i < out.length; i = next.getAndIncrement()) {
                            out[i] = engine == EnsembleEngine.EXACT ? Ensembles.one(backend, runs.get(i)) : train(runs.get(i));
                        }
                    }
                } catch (RuntimeException | Error e) {
                    next.set(out.length); // the other workers stop after their current runs
                    throw e;
                }
            }));
        }
        for (ForkJoinTask<?> t : tasks) {
            t.join();
        }
        return List.of(out);
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    private EnsembleResult train(EnsembleRun run) {
        Network start = run.initial();
        if (!small(run)) {
            return Ensembles.one(backend, run);
        }
        SmallReluRun r = new SmallReluRun(start, backend.prepare(run.teacher(), start));
        r.load(start);
        DivergenceGuard guard = run.guard();
        long step = 0;
        int restarts = 0;
        while (true) {
            StepStats stats = r.evaluate(run.trainOuter());
            if (!r.inRange()) {
                return Ensembles.one(backend, run);
            }
            if (guard.violated(stats)) {
                if (restarts < guard.maxRestarts()) {
                    restarts++;
                    r.load(start);
                    step = 0;
                    continue;
                }
                return new EnsembleResult(StopReason.DIVERGED, step, stats, null, restarts);
            }
            StopReason reason = run.stop().reason(stats, step);
            if (reason != null) {
                return new EnsembleResult(reason, step, stats, r.read(start), restarts);
            }
            r.step(run.lr().at(step) * StrictMath.pow(0.5, restarts), run.trainOuter());
            step++;
        }
    }
}
