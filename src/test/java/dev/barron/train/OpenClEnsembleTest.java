package dev.barron.train;

import dev.barron.backend.Backend;
import dev.barron.backend.BackendOptions;
import dev.barron.backend.Backends;
import dev.barron.backend.EnsembleEngine;
import dev.barron.backend.opencl.OpenClProvider;
import dev.barron.experiments.InitKind;
import dev.barron.experiments.OuterInit;
import dev.barron.experiments.Setups;
import dev.barron.experiments.TeacherKind;
import dev.barron.model.Network;
import dev.barron.model.Precision;
import dev.barron.model.Teacher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OpenCL ensemble engine (kernels/ensemble.cl) against the single-run trainer on the CPU
 * (the oracle: another backend, another code path), to the tolerance of docs/ENSEMBLES.md, on
 * runs that converge, stop at the step limit, restart and diverge, in lists longer than the
 * slots (6 here) so that slots are refilled between launches. Skips without an OpenCL platform; CI=true makes it
 * mandatory.
 */
class OpenClEnsembleTest {

    private static Backend cl;
    private static Backend cpu;

    @BeforeAll
    static void open() {
        String reason = new OpenClProvider().unavailableReason();
        if (reason != null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("CI=true but the OpenCL backend is unavailable: " + reason);
            }
            Assumptions.abort("OpenCL backend unavailable: " + reason);
        }
        // fewer slots than runs and short launches, so that slots are refilled mid-way
        System.setProperty("barron.opencl.ensembleSlots", "6");
        System.setProperty("barron.opencl.ensembleChunk", "97");
        cl = new OpenClProvider().create(BackendOptions.of(Precision.F64));
        cpu = Backends.cpu(BackendOptions.of(Precision.F64));
    }

    @AfterAll
    static void close() {
        System.clearProperty("barron.opencl.ensembleSlots");
        System.clearProperty("barron.opencl.ensembleChunk");
        if (cl != null) {
            cl.close();
        }
        if (cpu != null) {
            cpu.close();
        }
    }

    @Test
    void deviceEnsembleAgreesWithTheSingleRunTrainerOnEveryKindOfEnding() {
        Set<StopReason> seen = EnumSet.noneOf(StopReason.class);
        int restarted = 0;
        for (int[] shape : new int[][]{{4, 3, 5}, {6, 2, 6}, {3, 3, 3}}) {
            List<EnsembleRun> runs = EnsembleTest.randomRuns(20, shape[0], shape[1], shape[2], 7);
            List<EnsembleResult> got = cl.trainEnsemble(runs, EnsembleEngine.LANES);
            assertEquals(runs.size(), got.size());
            for (int i = 0; i < runs.size(); i++) {
                EnsembleResult want = Ensembles.one(cpu, runs.get(i));
                EnsembleTest.assertAgrees(want, got.get(i), "opencl shape " + runs.get(i).shape() + " run " + i);
                seen.add(want.reason());
                restarted += want.restarts() > 0 ? 1 : 0;
            }
        }
        assertEquals(EnumSet.of(StopReason.GRADIENT, StopReason.BUDGET, StopReason.DIVERGED), seen,
                "the random runs must end in every way the ensemble can end");
        assertTrue(restarted > 0, "some run must have been restarted by the guard");
    }

    /** The survey's protocol at (6, 6, 6) and (9, 3, 20) with a budget of 20,000 steps. */
    @Test
    void deviceEnsembleAgreesOnTheSurveyProtocol() {
        for (int[] shape : new int[][]{{6, 6, 6}, {9, 3, 20}}) {
            Teacher t = Setups.teacher(TeacherKind.IDENTITY, shape[1], shape[2], 1, null, null);
            List<EnsembleRun> runs = new ArrayList<>();
            for (int r = 0; r < 6; r++) {
                Network start = Setups.student(InitKind.XAVIER, 1, shape[0], shape[2], 100 + r, null, null, OuterInit.ONES,
                        dev.barron.model.Scaling.PLAIN, dev.barron.model.Activation.RELU);
                runs.add(new EnsembleRun(start, t, LearningRate.constant(0.1), false,
                        new StopRules(20_000, 0, 1e-9 / (2 * Math.PI)), DivergenceGuard.standard()));
            }
            List<EnsembleResult> got = cl.trainEnsemble(runs, EnsembleEngine.LANES);
            for (int i = 0; i < runs.size(); i++) {
                EnsembleTest.assertAgrees(Ensembles.one(cpu, runs.get(i)), got.get(i), "survey run " + runs.get(i).shape() + " " + i);
            }
        }
    }

    /** Runs the kernel does not cover (erf here) and the EXACT engine take the single-run trainer on the device, bit for bit. */
    @Test
    void uncoveredRunsAndTheExactEngineAreTheSingleRunTrainerBitForBit() {
        List<EnsembleRun> erf = new ArrayList<>();
        for (EnsembleRun r : EnsembleTest.randomRuns(2, 3, 2, 4, 9)) {
            Network n = r.initial();
            erf.add(new EnsembleRun(new Network(n.w(), n.a(), n.scaling(), dev.barron.model.Activation.ERF), r.teacher(),
                    r.lr(), r.trainOuter(), new StopRules(200, 0, 1e-7), r.guard()));
        }
        List<EnsembleRun> relu = EnsembleTest.randomRuns(2, 3, 2, 4, 9);
        for (var c : List.of(List.of(erf, EnsembleEngine.LANES), List.of(relu, EnsembleEngine.EXACT))) {
            @SuppressWarnings("unchecked")
            List<EnsembleRun> runs = (List<EnsembleRun>) c.get(0);
            List<EnsembleResult> got = cl.trainEnsemble(runs, (EnsembleEngine) c.get(1));
            for (int i = 0; i < runs.size(); i++) {
                EnsembleTest.assertBitForBit(Ensembles.one(cl, runs.get(i)), got.get(i), c.get(1) + " run " + i);
            }
        }
    }
}
