package dev.barron.train;

import dev.barron.backend.Backend;
import dev.barron.backend.BackendOptions;
import dev.barron.backend.Backends;
import dev.barron.backend.ProjectionMethod;
import dev.barron.model.Activation;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Precision;
import dev.barron.model.Scaling;
import dev.barron.model.Teacher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The trainer on the production CPU backend, through the interfaces only. */
class TrainerOnCpuBackendTest {

    static Backend cpu() {
        return Backends.cpu(BackendOptions.of(Precision.F64));
    }

    @ParameterizedTest
    @EnumSource(ProjectionMethod.class)
    void projectedGdKeepsEveryIterateInTheBallForEachMethod(ProjectionMethod method) {
        Teacher t = TrainerTest.teacher(2, 4);
        Network start = TrainerTest.init(4, 4, 0.8, 3);
        TrainerConfig cfg = TrainerConfig.gd(0.1, true, StopRules.budget(500)).withProjection(new Projection(0.7, method));
        try (Backend be = cpu()) {
            TrainResult r = new Trainer(be, cfg).run(start, t, 1, null);
            for (MetricsRow row : r.history()) {
                assertTrue(row.pathNormL1() <= 0.7 * (1 + 1e-9), method + ": path norm " + row.pathNormL1() + " at " + row.step());
            }
            assertTrue(r.last().loss() < r.history().get(0).loss(), method + " should still lower the loss");
        }
    }

    @Test
    void everyActivationAndScalingTrainsWithTrainableAndFrozenOuterWeights() {
        Teacher t = TrainerTest.teacher(2, 3);
        try (Backend be = cpu()) {
            for (Activation act : Activation.values()) {
                for (Scaling s : Scaling.values()) {
                    for (boolean outer : new boolean[]{true, false}) {
                        Network n0 = TrainerTest.init(3, 3, 0.5, 5);
                        Network start = new Network(n0.w(), n0.a(), s, act);
                        double lr = s == Scaling.MEAN_FIELD ? 0.5 : 0.05;
                        TrainResult r = new Trainer(be, TrainerConfig.gd(lr, outer, StopRules.budget(300))).run(start, t, 1, null);
                        String what = act + "/" + s + "/outer=" + outer;
                        assertTrue(Double.isFinite(r.last().loss()), what);
                        assertTrue(r.last().loss() < r.history().get(0).loss(), what + " did not lower the loss");
                        if (!outer) {
                            assertArrayEquals(start.a(), r.network().a(), 0.0, what + ": frozen a moved");
                        }
                    }
                }
            }
        }
    }

    @Test
    void stepDecayLowersTheStepOnSchedule() {
        LearningRate lr = new LearningRate(0.4, 100, 0.5);
        assertEquals(0.4, lr.at(99));
        assertEquals(0.2, lr.at(100));
        assertEquals(0.05, lr.at(350));
        Teacher t = TrainerTest.teacher(2, 3);
        TrainerConfig cfg = new TrainerConfig(new Objective.Population(), lr, true, StopRules.budget(400),
                DivergenceGuard.standard(), null, LogSchedule.standard(), 0, 0);
        try (Backend be = cpu()) {
            assertEquals(StopReason.BUDGET, new Trainer(be, cfg).run(TrainerTest.init(3, 3, 0.5, 2), t, 1, null).reason());
        }
    }

    @Test
    void resumeIsBitExactOnTheCpuBackendForGdAndOnlineSgd() {
        Teacher t = TrainerTest.teacher(3, 6);
        Network start = TrainerTest.init(5, 6, 0.05, 9);
        for (Objective o : new Objective[]{new Objective.Population(), new Objective.OnlineSgd(50)}) {
            TrainerConfig cfg = TrainerConfig.gd(0.2, true, StopRules.budget(3000)).withObjective(o).withCheckpoints(0, 1100);
            List<Checkpoint> cks = new ArrayList<>();
            try (Backend be = cpu()) {
                TrainResult whole = new Trainer(be, cfg).run(start, t, 4, new TrainListener() {
                    @Override
                    public void checkpoint(Checkpoint c) {
                        cks.add(c);
                    }
                });
                TrainerTest.assertSameResult(whole, new Trainer(be, cfg).resume(cks.get(1), t, null));
            }
        }
    }

    @Test
    void theFixedDataSetObjectiveUsesTheGivenSamples() {
        Teacher t = TrainerTest.teacher(2, 3);
        double[] x = new double[40 * 3];
        new Rng(1).gaussians(x);
        Matrix xs = new Matrix(40, 3, x);
        try (Backend be = cpu()) {
            double[] y = be.forward(xs, new Network(t.v(), t.b(), Scaling.PLAIN, Activation.RELU));
            TrainerConfig cfg = TrainerConfig.gd(0.1, true, StopRules.budget(2000)).withObjective(new Objective.Minibatch(xs, y, 40));
            TrainResult r = new Trainer(be, cfg).run(TrainerTest.init(3, 3, 0.5, 2), t, 1, null);
            // Full-batch GD on the empirical loss: compare with the empirical loss computed directly.
            double empirical = be.empiricalLossAndGradient(xs, y, r.network()).loss();
            assertTrue(empirical < 1e-3, "the training loss " + empirical + " should be small after 2000 full-batch steps");
        }
    }
}
