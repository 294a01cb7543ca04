package dev.barron.train;

import dev.barron.backend.Backend;
import dev.barron.backend.BackendOptions;
import dev.barron.backend.Backends;
import dev.barron.backend.EnsembleEngine;
import dev.barron.experiments.InitKind;
import dev.barron.experiments.OuterInit;
import dev.barron.experiments.Setups;
import dev.barron.experiments.TeacherKind;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Precision;
import dev.barron.model.Teacher;
import dev.barron.testing.Agreement;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The CPU ensemble engine against the single-run trainer on the same backend (the oracle), on
 * random runs that converge, stop at a spurious point, hit the step limit or diverge. The
 * tolerance is the one docs/ENSEMBLES.md states.
 */
class EnsembleTest {

    /** Relative agreement of losses, gradient norms and weights (docs/ENSEMBLES.md). */
    static final double RELATIVE = 1e-6;

    static List<EnsembleRun> randomRuns(int count, int m, int k, int d, long seed) {
        Rng rng = Rng.stream(seed, m, k, d);
        List<EnsembleRun> runs = new ArrayList<>();
        for (int r = 0; r < count; r++) {
            Teacher t = Setups.teacher(TeacherKind.ORTHOGONAL, k, d, rng.nextLong(), null, null);
            Network start = Setups.student(InitKind.XAVIER, 1, m, d, rng.nextLong(), null, null, OuterInit.ONES,
                    dev.barron.model.Scaling.PLAIN, dev.barron.model.Activation.RELU);
            int kind = r % 4;
            double lr = kind == 3 ? 200 + 100 * rng.nextDouble() : 0.05 + 0.1 * rng.nextDouble();
            long steps = kind == 2 ? 50 + rng.nextInt(100) : 20000;
            DivergenceGuard guard = kind == 3 && r % 8 == 3 ? new DivergenceGuard(1e12, 1e4, 0) : DivergenceGuard.standard();
            runs.add(new EnsembleRun(start, t, LearningRate.constant(lr), r % 5 == 0, new StopRules(steps, 0, 1e-7), guard));
        }
        return runs;
    }

    @Test
    void laneEngineAgreesWithTheSingleRunTrainerOnEveryKindOfEnding() {
        agreesOnEveryKindOfEnding(EnsembleEngine.LANES);
    }

    @Test
    void perRunEngineAgreesWithTheSingleRunTrainerOnEveryKindOfEnding() {
        agreesOnEveryKindOfEnding(EnsembleEngine.PER_RUN);
    }

    private static void agreesOnEveryKindOfEnding(EnsembleEngine engine) {
        try (Backend cpu = Backends.cpu(BackendOptions.of(Precision.F64))) {
            agreesOnEveryKindOfEnding(cpu, engine, cpu);
        }
    }

    /** tested's engine against the single-run trainer on oracle, on random runs that end in every way. */
    static void agreesOnEveryKindOfEnding(Backend tested, EnsembleEngine engine, Backend oracle) {
        Set<StopReason> seen = EnumSet.noneOf(StopReason.class);
        int restarted = 0;
        // 20 runs of a shape: more than the lanes of two 8-lane blocks, so that lanes are refilled.
        for (int[] shape : new int[][]{{4, 3, 5}, {6, 2, 6}, {3, 3, 3}}) {
            List<EnsembleRun> runs = randomRuns(20, shape[0], shape[1], shape[2], 7);
            List<EnsembleResult> got = tested.trainEnsemble(runs, engine);
            assertEquals(runs.size(), got.size());
            for (int i = 0; i < runs.size(); i++) {
                EnsembleResult want = Ensembles.one(oracle, runs.get(i));
                assertAgrees(want, got.get(i), tested.name() + " " + engine + " shape " + runs.get(i).shape() + " run " + i);
                seen.add(want.reason());
                restarted += want.restarts() > 0 ? 1 : 0;
            }
        }
        assertEquals(EnumSet.of(StopReason.GRADIENT, StopReason.BUDGET, StopReason.DIVERGED), seen,
                "the random runs must end in every way the ensemble can end");
        assertTrue(restarted > 0, "some run must have been restarted by the guard");
    }

    /** count runs of the survey's protocol at (m, k, d), identity-like teacher, xavier seeds 100, 101, ... */
    static List<EnsembleRun> surveyRuns(int m, int k, int d, int count, long budget) {
        Teacher t = Setups.teacher(TeacherKind.IDENTITY, k, d, 1, null, null);
        List<EnsembleRun> runs = new ArrayList<>();
        for (int r = 0; r < count; r++) {
            Network start = Setups.student(InitKind.XAVIER, 1, m, d, 100 + r, null, null, OuterInit.ONES,
                    dev.barron.model.Scaling.PLAIN, dev.barron.model.Activation.RELU);
            runs.add(new EnsembleRun(start, t, LearningRate.constant(0.1), false,
                    new StopRules(budget, 0, 1e-9 / (2 * Math.PI)), DivergenceGuard.standard()));
        }
        return runs;
    }

    /**
     * The survey's protocol (identity teacher, xavier init, lr 0.1, stop at max_i |grad_{w_i} L|
     * &lt;= 1e-9 / (2 pi)) at k = m = d = 6 and 8, and at (9, 3, 20) (a wide student, whose runs
     * converge slowly: there a budget of 20,000 steps): the lane engine ends every run as the
     * single-run trainer does, to the tolerance of docs/ENSEMBLES.md.
     */
    @Test
    void laneEngineAgreesOnTheSurveyProtocol() {
        try (Backend cpu = Backends.cpu(BackendOptions.of(Precision.F64))) {
            for (int[] shape : new int[][]{{6, 6, 6}, {8, 8, 8}, {9, 3, 20}}) {
                List<EnsembleRun> runs = surveyRuns(shape[0], shape[1], shape[2], 12, shape[1] < shape[0] ? 20_000 : 200_000);
                List<EnsembleResult> got = cpu.trainEnsemble(runs, EnsembleEngine.LANES);
                for (int i = 0; i < runs.size(); i++) {
                    assertAgrees(Ensembles.one(cpu, runs.get(i)), got.get(i), "survey run " + runs.get(i).shape() + " " + i);
                }
            }
        }
    }

    @Test
    void exactEngineIsTheSingleRunTrainerBitForBit() {
        try (Backend cpu = Backends.cpu(BackendOptions.of(Precision.F64))) {
            List<EnsembleRun> runs = randomRuns(6, 4, 3, 5, 13);
            List<EnsembleResult> got = cpu.trainEnsemble(runs, EnsembleEngine.EXACT);
            for (int i = 0; i < runs.size(); i++) {
                Agreement.bitForBit(Ensembles.one(cpu, runs.get(i)), got.get(i), "run " + i);
            }
        }
    }

    @Test
    void theDefaultEngineIsTheSingleRunTrainerBitForBit() {
        try (Backend cpu = Backends.cpu(BackendOptions.of(Precision.F64))) {
            List<EnsembleRun> runs = randomRuns(4, 3, 2, 4, 11);
            List<EnsembleResult> got = Ensembles.sequential(cpu, runs);
            for (int i = 0; i < runs.size(); i++) {
                Agreement.bitForBit(Ensembles.one(cpu, runs.get(i)), got.get(i), "run " + i);
            }
        }
    }

    @Test
    void runsTheSmallPathDoesNotTakeAreTheSingleRunTrainerBitForBit() {
        try (Backend cpu = Backends.cpu(BackendOptions.of(Precision.F64))) {
            List<EnsembleRun> big = randomRuns(4, 20, 20, 21, 5);
            List<EnsembleRun> erf = new ArrayList<>();
            for (EnsembleRun r : randomRuns(4, 3, 2, 4, 9)) {
                Network n = r.initial();
                erf.add(new EnsembleRun(new Network(n.w(), n.a(), n.scaling(), dev.barron.model.Activation.ERF), r.teacher(),
                        r.lr(), r.trainOuter(), r.stop(), r.guard()));
            }
            for (List<EnsembleRun> runs : List.of(big, erf)) {
                List<EnsembleResult> got = cpu.trainEnsemble(runs);
                for (int i = 0; i < runs.size(); i++) {
                    EnsembleResult want = Ensembles.one(cpu, runs.get(i));
                    assertEquals(want.reason(), got.get(i).reason(), runs.get(i).shape());
                    assertEquals(want.steps(), got.get(i).steps());
                    assertEquals(want.last(), got.get(i).last());
                    if (want.network() != null) {
                        assertArrayEquals(want.network().w().data(), got.get(i).network().w().data(), 0.0);
                    }
                }
            }
        }
    }

    @Test
    void runsOfDifferentShapesAreRefusedNamingTheRun() {
        List<EnsembleRun> runs = new ArrayList<>(randomRuns(2, 3, 2, 4, 1));
        runs.addAll(randomRuns(1, 4, 2, 4, 1));
        try (Backend cpu = Backends.cpu(BackendOptions.of(Precision.F64))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cpu.trainEnsemble(runs));
            assertTrue(e.getMessage().contains("ensemble run 2") && e.getMessage().contains("3 x 2 x 4"), e.getMessage());
        }
    }

    static void assertAgrees(EnsembleResult want, EnsembleResult got, String what) {
        assertEquals(want.reason(), got.reason(), what + ": stop reason");
        assertEquals(want.restarts(), got.restarts(), what + ": restarts");
        long slack = want.reason() == StopReason.GRADIENT ? 2 + want.steps() / 1000 : 0;
        assertTrue(Math.abs(want.steps() - got.steps()) <= slack, what + ": steps " + got.steps() + " vs " + want.steps());
        if (want.reason() == StopReason.DIVERGED) {
            assertNull(got.network(), what);
            return;
        }
        close(want.last().loss(), got.last().loss(), what + ": loss");
        close(want.last().maxNeuronGradNorm(), got.last().maxNeuronGradNorm(), what + ": max neuron gradient");
        Matrix w0 = want.network().w();
        Matrix w1 = got.network().w();
        double scale = 0;
        double diff = 0;
        for (int t = 0; t < w0.data().length; t++) {
            scale = Math.max(scale, Math.abs(w0.data()[t]));
            diff = Math.max(diff, Math.abs(w0.data()[t] - w1.data()[t]));
        }
        assertTrue(diff <= RELATIVE * scale, what + ": weights differ by " + diff + " (scale " + scale + ")");
    }

    /** Relative, with an absolute floor at the rounding level of an O(1) loss (losses near 0 are differences). */
    static void close(double want, double got, String what) {
        assertTrue(Math.abs(want - got) <= RELATIVE * Math.abs(want) + 1e-14, what + ": " + got + " vs " + want);
    }
}
