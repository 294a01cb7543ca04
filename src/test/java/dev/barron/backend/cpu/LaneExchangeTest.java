package dev.barron.backend.cpu;

import dev.barron.backend.BackendOptions;
import dev.barron.backend.Backends;
import dev.barron.backend.EnsembleEngine;
import dev.barron.experiments.InitKind;
import dev.barron.experiments.OuterInit;
import dev.barron.experiments.Setups;
import dev.barron.experiments.TeacherKind;
import dev.barron.model.Activation;
import dev.barron.model.Network;
import dev.barron.model.Precision;
import dev.barron.model.Scaling;
import dev.barron.model.Teacher;
import dev.barron.testing.Agreement;
import dev.barron.train.DivergenceGuard;
import dev.barron.train.EnsembleResult;
import dev.barron.train.EnsembleRun;
import dev.barron.train.LearningRate;
import dev.barron.train.StopRules;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs handed from one lane worker to another ({@link LaneExchange}) end as they end where they
 * started, bit for bit: the same runs trained with every worker giving its runs away as soon as
 * none waits, and with no worker giving any, on three workers; runs that converge, stop on the
 * step limit and restart after a divergence, so that runs move in every state.
 */
class LaneExchangeTest {

    @Test
    void aRunThatMovesEndsWithTheBitsOfOneThatStays() {
        try (CpuBackend cpu = (CpuBackend) Backends.cpu(BackendOptions.of(Precision.F64))) {
            ForkJoinPool pool = new ForkJoinPool(3);
            try {
                List<EnsembleRun> runs = runs(60);
                CpuEnsemble ensemble = new CpuEnsemble(cpu, pool);
                List<EnsembleResult> stay = ensemble.train(runs, EnsembleEngine.LANES, new LaneExchange(0));
                LaneExchange moving = new LaneExchange(LaneBlock.LANES);
                List<EnsembleResult> moved = ensemble.train(runs, EnsembleEngine.LANES, moving);
                assertTrue(moving.given() > 0, "no run moved");
                for (int i = 0; i < runs.size(); i++) {
                    Agreement.bitForBit(stay.get(i), moved.get(i), "run " + i);
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    /** Runs at (5, 3, 6) against orthogonal teachers: run lengths from 50 steps to thousands, every fifth restarting. */
    private static List<EnsembleRun> runs(int count) {
        SplittableRandom rng = new SplittableRandom(11);
        List<EnsembleRun> runs = new ArrayList<>();
        for (int r = 0; r < count; r++) {
            Teacher t = Setups.teacher(TeacherKind.ORTHOGONAL, 3, 6, rng.nextLong(), null, null);
            Network start = Setups.student(InitKind.XAVIER, 1, 5, 6, rng.nextLong(), null, null, OuterInit.ONES, Scaling.PLAIN,
                    Activation.RELU);
            double lr = r % 5 == 4 ? 300 : 0.05 + 0.1 * rng.nextDouble();
            long steps = r % 3 == 0 ? 50 + rng.nextInt(2000) : 20000;
            runs.add(new EnsembleRun(start, t, LearningRate.constant(lr), false, new StopRules(steps, 0, 1e-7), DivergenceGuard.standard()));
        }
        return runs;
    }
}
