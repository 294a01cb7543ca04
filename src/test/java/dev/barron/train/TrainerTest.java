package dev.barron.train;

import dev.barron.backend.ProjectionMethod;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Scaling;
import dev.barron.model.Activation;
import dev.barron.model.Teacher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TrainerTest {

    @TempDir
    Path tmp;

    static Teacher teacher(int k, int d) {
        double[] v = new double[k * d];
        for (int j = 0; j < k; j++) {
            v[j * d + j] = 1;
        }
        double[] b = new double[k];
        java.util.Arrays.fill(b, 1);
        return new Teacher(new Matrix(k, d, v), b);
    }

    static Network init(int m, int d, double scale, long seed) {
        Rng rng = new Rng(seed);
        double[] w = new double[m * d];
        rng.gaussians(w);
        for (int t = 0; t < w.length; t++) {
            w[t] *= scale;
        }
        double[] a = new double[m];
        java.util.Arrays.fill(a, 1.0);
        return new Network(new Matrix(m, d, w), a, Scaling.PLAIN, Activation.RELU);
    }

    @Test
    void gdLowersThePopulationLossAndStopsOnTheLossThreshold() {
        TrainerConfig cfg = TrainerConfig.gd(0.1, true, new StopRules(5000, 1e-6, 0));
        TrainResult r = new Trainer(new ReferenceBackend(), cfg).run(init(3, 4, 0.5, 1), teacher(2, 4), 7, null);
        assertEquals(StopReason.LOSS, r.reason());
        assertTrue(r.last().loss() < 1e-6);
        double prev = Double.POSITIVE_INFINITY;
        for (MetricsRow row : r.history()) {
            assertTrue(row.loss() <= prev + 1e-15, "loss rose at step " + row.step());
            prev = row.loss();
        }
        assertEquals(r.steps(), r.last().step());
    }

    @Test
    void gradientToleranceStopsAtAStationaryPoint() {
        TrainerConfig cfg = TrainerConfig.gd(0.1, false, new StopRules(100000, 0, 1e-7));
        TrainResult r = new Trainer(new ReferenceBackend(), cfg).run(init(2, 2, 0.7, 3), teacher(2, 2), 1, null);
        assertEquals(StopReason.GRADIENT, r.reason());
        assertTrue(r.last().maxNeuronGradNorm() <= 1e-7);
    }

    @Test
    void budgetStopsAtExactlyMaxSteps() {
        TrainResult r = new Trainer(new ReferenceBackend(), TrainerConfig.gd(0.05, true, StopRules.budget(123)))
                .run(init(3, 3, 0.3, 2), teacher(2, 3), 1, null);
        assertEquals(StopReason.BUDGET, r.reason());
        assertEquals(123, r.steps());
        assertEquals(123, r.history().get(r.history().size() - 1).step());
        assertEquals(123, r.angles().get(r.angles().size() - 1).step());
    }

    /** The oracle for a resumed run is the same run without interruption. */
    @Test
    void resumeFromAnyCheckpointEqualsTheUninterruptedRun() {
        TrainerConfig cfg = TrainerConfig.gd(0.1, true, StopRules.budget(700)).withCheckpoints(0, 97);
        Network start = init(4, 5, 0.1, 11);
        Teacher t = teacher(2, 5);
        List<Checkpoint> cks = new ArrayList<>();
        TrainResult whole = new Trainer(new ReferenceBackend(), cfg).run(start, t, 5, new TrainListener() {
            @Override
            public void checkpoint(Checkpoint c) {
                cks.add(c);
            }
        });
        assertEquals(9, cks.size()); // the start, 7 on steps and the final one
        assertEquals(0, cks.get(0).step());
        for (Checkpoint c : List.of(cks.get(0), cks.get(3), cks.get(6))) {
            TrainResult resumed = new Trainer(new ReferenceBackend(), cfg).resume(c, t, null);
            assertSameResult(whole, resumed);
            assertEquals(whole.restarts(), resumed.restarts());
        }
    }

    @Test
    void checkpointFileRoundTripsExactly() throws Exception {
        TrainerConfig cfg = TrainerConfig.gd(0.1, true, StopRules.budget(300)).withCheckpoints(0, 150);
        List<Checkpoint> cks = new ArrayList<>();
        Teacher t = teacher(2, 3);
        TrainResult whole = new Trainer(new ReferenceBackend(), cfg).run(init(3, 3, 0.2, 4), t, 9, new TrainListener() {
            @Override
            public void checkpoint(Checkpoint c) {
                cks.add(c);
            }
        });
        Path f = tmp.resolve("ck.bin");
        cks.get(1).write(f);
        Checkpoint back = Checkpoint.read(f);
        assertEquals(150, back.step());
        assertEquals(cks.get(1).current().w(), back.current().w());
        assertArrayEquals(cks.get(1).current().a(), back.current().a(), 0.0);
        assertEquals(cks.get(1).history().size(), back.history().size());
        assertSameResult(whole, new Trainer(new ReferenceBackend(), cfg).resume(back, t, null));
    }

    @Test
    void aNanRestartsFromTheInitialisationWithHalfTheStep() {
        Network start = init(3, 4, 0.3, 8);
        Teacher t = teacher(2, 4);
        ReferenceBackend faulty = new ReferenceBackend();
        faulty.nanAtEvaluation = 40;
        TrainResult r = new Trainer(faulty, TrainerConfig.gd(0.2, true, StopRules.budget(200))).run(start, t, 1, null);
        assertEquals(1, r.restarts());
        assertEquals(0.5, r.lrScale());
        TrainResult half = new Trainer(new ReferenceBackend(), TrainerConfig.gd(0.1, true, StopRules.budget(200)))
                .run(start, t, 1, null);
        assertSameResult(half, r);
    }

    @Test
    void anUnrecoverableNanStopsWithTheStepNumber() {
        ReferenceBackend faulty = new ReferenceBackend();
        faulty.nanAtEvaluation = 40;
        TrainerConfig cfg = TrainerConfig.gd(0.2, true, StopRules.budget(200))
                .withGuard(new DivergenceGuard(1e12, 1e4, 0));
        TrainResult r = new Trainer(faulty, cfg).run(init(3, 4, 0.3, 8), teacher(2, 4), 1, null);
        assertEquals(StopReason.DIVERGED, r.reason());
        assertEquals(40, r.steps());
        assertNull(r.network());
        assertTrue(Double.isNaN(r.last().loss()));
    }

    @Test
    void aHugeStepIsHalvedUntilTheGradientStaysBounded() {
        TrainerConfig cfg = TrainerConfig.gd(1e4, true, StopRules.budget(300))
                .withGuard(new DivergenceGuard(1e6, 1e3, 30));
        List<Integer> seen = new ArrayList<>();
        TrainResult r = new Trainer(new ReferenceBackend(), cfg).run(init(3, 3, 0.5, 2), teacher(2, 3), 1, new TrainListener() {
            @Override
            public void restarted(int restarts, long atStep, double lr) {
                seen.add(restarts);
            }
        });
        assertEquals(StopReason.BUDGET, r.reason());
        assertTrue(r.restarts() >= 1);
        assertEquals(r.restarts(), seen.size());
        assertEquals(Math.pow(0.5, r.restarts()), r.lrScale());
    }

    @Test
    void projectedGdStaysInTheBall() {
        TrainerConfig cfg = TrainerConfig.gd(0.1, true, StopRules.budget(400))
                .withProjection(new Projection(0.8, ProjectionMethod.RESCALE));
        TrainResult r = new Trainer(new ReferenceBackend(), cfg).run(init(3, 3, 1.0, 5), teacher(2, 3), 1, null);
        for (MetricsRow row : r.history()) {
            assertTrue(row.pathNormL1() <= 0.8 * (1 + 1e-12), "path norm " + row.pathNormL1() + " at " + row.step());
        }
        assertEquals(0.8, r.last().pathNormL1(), 1e-9, "the teacher lies outside the ball, so GD presses on its boundary");
    }

    @Test
    void onlineSgdLearnsAndResumesExactly() {
        TrainerConfig cfg = TrainerConfig.gd(0.05, true, StopRules.budget(600))
                .withObjective(new Objective.OnlineSgd(32)).withCheckpoints(0, 250);
        Network start = init(3, 3, 0.5, 3);
        Teacher t = teacher(2, 3);
        List<Checkpoint> cks = new ArrayList<>();
        TrainResult whole = new Trainer(new ReferenceBackend(), cfg).run(start, t, 21, new TrainListener() {
            @Override
            public void checkpoint(Checkpoint c) {
                cks.add(c);
            }
        });
        assertTrue(whole.last().loss() < 0.3 * whole.history().get(0).loss(), "SGD should lower the population loss");
        assertSameResult(whole, new Trainer(new ReferenceBackend(), cfg).resume(cks.get(2), t, null));
    }

    @Test
    void minibatchSgdOnAFixedDataSetResumesExactly() {
        int n = 50;
        int d = 3;
        Teacher t = teacher(2, d);
        double[] x = new double[n * d];
        new Rng(4).gaussians(x);
        Matrix xs = new Matrix(n, d, x);
        ReferenceBackend be = new ReferenceBackend();
        double[] y = be.forward(xs, new Network(t.v(), t.b(), Scaling.PLAIN, Activation.RELU));
        TrainerConfig cfg = TrainerConfig.gd(0.05, true, StopRules.budget(333))
                .withObjective(new Objective.Minibatch(xs, y, 16)).withCheckpoints(0, 111);
        List<Checkpoint> cks = new ArrayList<>();
        TrainResult whole = new Trainer(be, cfg).run(init(3, d, 0.5, 3), t, 2, new TrainListener() {
            @Override
            public void checkpoint(Checkpoint c) {
                cks.add(c);
            }
        });
        assertSameResult(whole, new Trainer(new ReferenceBackend(), cfg).resume(cks.get(1), t, null));
    }

    static void assertSameResult(TrainResult expected, TrainResult actual) {
        assertEquals(expected.reason(), actual.reason());
        assertEquals(expected.steps(), actual.steps());
        assertEquals(expected.network().w(), actual.network().w(), "final W must be bit-identical");
        assertArrayEquals(expected.network().a(), actual.network().a(), 0.0, "final a must be bit-identical");
        assertEquals(expected.history().size(), actual.history().size());
        for (int i = 0; i < expected.history().size(); i++) {
            MetricsRow e = expected.history().get(i);
            MetricsRow a = actual.history().get(i);
            assertEquals(e.step(), a.step());
            assertEquals(e.loss(), a.loss(), 0.0, "loss at step " + e.step());
            assertEquals(e.gradNorm(), a.gradNorm(), 0.0);
            assertArrayEquals(e.cosBest(), a.cosBest(), 0.0);
        }
        assertEquals(expected.angles().size(), actual.angles().size());
    }
}
