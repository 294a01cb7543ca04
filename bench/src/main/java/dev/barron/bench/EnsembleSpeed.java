package dev.barron.bench;

import dev.barron.backend.Backend;
import dev.barron.backend.BackendOptions;
import dev.barron.backend.Backends;
import dev.barron.backend.EnsembleEngine;
import dev.barron.experiments.TeacherKind;
import dev.barron.experiments.InitKind;
import dev.barron.experiments.OuterInit;
import dev.barron.experiments.Setups;
import dev.barron.model.Activation;
import dev.barron.model.Network;
import dev.barron.model.Precision;
import dev.barron.model.Scaling;
import dev.barron.model.Teacher;
import dev.barron.train.DivergenceGuard;
import dev.barron.train.EnsembleRun;
import dev.barron.train.Ensembles;
import dev.barron.train.LearningRate;
import dev.barron.train.StopRules;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Time per GD step per run of many runs of one shape: the CPU ensemble engine (LANES: runs
 * across SIMD lanes; PER_RUN: one run per core in plain loops) against the single-run path as
 * the survey used it before the engine (one Trainer per run, one run per core). Every run takes exactly `steps` steps (no gradient stop), so both do the same work.
 * Not a JMH benchmark: each measurement is seconds long and dominated by the steps themselves.
 *
 * <p>Usage: EnsembleSpeed [runs] [steps] [m,k,d ...]; prints one line per shape and path. With
 * -Dbarron.bench.backend=opencl (or another device backend), the device engine instead: its time
 * per step per run over all runs, and the time per step of one run alone (a run's steps are
 * serial, so this is what the longest run of a sweep costs).
 */
public final class EnsembleSpeed {

    private EnsembleSpeed() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        long steps = args.length > 1 ? Long.parseLong(args[1]) : 2000;
        List<int[]> shapes = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            String[] p = args[i].split(",");
            shapes.add(new int[]{Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2])});
        }
        if (shapes.isEmpty()) {
            shapes = List.of(new int[]{9, 3, 20}, new int[]{20, 20, 20}, new int[]{64, 8, 64});
        }
        String device = System.getProperty("barron.bench.backend", "cpu");
        if (!device.equals("cpu")) {
            deviceEngine(device, runs, steps, shapes);
            return;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        try (Backend cpu = Backends.cpu(BackendOptions.of(Precision.F64))) {
            for (int[] s : shapes) {
                List<EnsembleRun> batch = runs(runs, steps, s[0], s[1], s[2]);
                double lanes = best(() -> cpu.trainEnsemble(batch, EnsembleEngine.LANES));
                double perRun = best(() -> cpu.trainEnsemble(batch, EnsembleEngine.PER_RUN));
                double single = best(() -> singleRunPath(cpu, batch, cores));
                double perStep = 1e6 / ((double) runs * steps);
                System.out.printf("shape m,k,d=%d,%d,%d cores=%d runs=%d steps=%d ensemble_us_per_step_run=%.3f "
                                + "per_run_us_per_step_run=%.3f single_us_per_step_run=%.3f single_over_ensemble=%.2f%n",
                        s[0], s[1], s[2], cores, runs, steps, lanes * perStep, perRun * perStep, single * perStep,
                        single / lanes);
            }
        }
    }

    static void deviceEngine(String name, int runs, long steps, List<int[]> shapes) throws Exception {
        try (Backend device = Backends.open(name, BackendOptions.of(Precision.F64), null, n -> { })) {
            for (int[] s : shapes) {
                List<EnsembleRun> batch = runs(runs, steps, s[0], s[1], s[2]);
                double all = best(() -> device.trainEnsemble(batch));
                double one = best(() -> device.trainEnsemble(batch.subList(0, 1)));
                System.out.printf("shape m,k,d=%d,%d,%d backend=%s runs=%d steps=%d ensemble_us_per_step_run=%.4f "
                                + "one_run_us_per_step=%.3f (%s)%n", s[0], s[1], s[2], name, runs, steps,
                        all * 1e6 / ((double) runs * steps), one * 1e6 / steps, device);
            }
        }
    }

    static List<EnsembleRun> runs(int count, long steps, int m, int k, int d) {
        List<EnsembleRun> out = new ArrayList<>();
        Teacher t = Setups.teacher(TeacherKind.IDENTITY, k, d, 1, null, null);
        for (int r = 0; r < count; r++) {
            Network start = Setups.student(InitKind.XAVIER, 1, m, d, 1000 + r, null, null, OuterInit.ONES, Scaling.PLAIN, Activation.RELU);
            out.add(new EnsembleRun(start, t, LearningRate.constant(0.1), false, new StopRules(steps, 0, 0),
                    DivergenceGuard.standard()));
        }
        return out;
    }

    /** One Trainer per run, one run per core: the survey's loop before the ensemble engine. */
    static void singleRunPath(Backend cpu, List<EnsembleRun> batch, int cores) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(cores);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (EnsembleRun r : batch) {
                fs.add(pool.submit(() -> Ensembles.one(cpu, r)));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    interface Work {
        void run() throws Exception;
    }

    /** Best of three after one warm-up, in seconds. */
    static double best(Work w) throws Exception {
        w.run();
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            w.run();
            best = Math.min(best, (System.nanoTime() - t0) * 1e-9);
        }
        return best;
    }
}
