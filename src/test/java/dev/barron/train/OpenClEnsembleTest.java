package dev.barron.train;

import dev.barron.backend.Backend;
import dev.barron.backend.EnsembleEngine;
import dev.barron.backend.opencl.OpenClBackend;
import dev.barron.backend.program.EnsembleLayout;
import dev.barron.model.Network;
import dev.barron.testing.Agreement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


/**
 * The OpenCL ensemble engine (kernels/ensemble.cl) against the single-run trainer on the CPU
 * (the oracle: another backend, another code path), to the tolerance of docs/ENSEMBLES.md, on
 * runs that converge, stop at the step limit, restart and diverge, in lists longer than the
 * slots (6 here, 499 steps a launch: {@link DeviceEnsembleFixture}) so that slots are refilled
 * between launches. Skips without an OpenCL platform; CI=true makes it mandatory.
 */
class OpenClEnsembleTest {

    private static DeviceEnsembleFixture fixture;
    private static Backend cl;
    private static Backend cpu;

    @BeforeAll
    static void open() {
        fixture = DeviceEnsembleFixture.openOrSkip("opencl", true);
        cl = fixture.device;
        cpu = fixture.cpu;
    }

    @AfterAll
    static void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void deviceEnsembleAgreesWithTheSingleRunTrainerOnEveryKindOfEnding() {
        for (int[] shape : new int[][]{{4, 3, 5}, {6, 2, 6}, {3, 3, 3}}) {
            assertTrue(((OpenClBackend) cl).deviceEnsembleCovers(EnsembleTest.randomRuns(20, shape[0], shape[1], shape[2], 7)),
                    "the device engine takes these runs");
        }
        EnsembleTest.agreesOnEveryKindOfEnding(cl, EnsembleEngine.LANES, cpu);
    }

    /** The survey's protocol at (6, 6, 6) and (9, 3, 20) with a budget of 20,000 steps. */
    @Test
    void deviceEnsembleAgreesOnTheSurveyProtocol() {
        for (int[] shape : new int[][]{{6, 6, 6}, {9, 3, 20}}) {
            List<EnsembleRun> runs = EnsembleTest.surveyRuns(shape[0], shape[1], shape[2], 6, 20_000);
            assertTrue(((OpenClBackend) cl).deviceEnsembleCovers(runs), "the device engine takes these runs");
            List<EnsembleResult> got = cl.trainEnsemble(runs, EnsembleEngine.LANES);
            for (int i = 0; i < runs.size(); i++) {
                EnsembleTest.assertAgrees(Ensembles.one(cpu, runs.get(i)), got.get(i), "survey run " + runs.get(i).shape() + " " + i);
            }
        }
    }

    /**
     * Runs too large for the group's local cache take the global-memory copy of the steps
     * (ensemble_steps.cl): the survey's protocol at (30, 10, 30), 4 runs of at most 3,000 steps.
     */
    @Test
    void runsLargerThanTheLocalCacheStepOnTheirBuffers() {
        assertTrue(EnsembleLayout.localReals(20, 20, 20) <= EnsembleLayout.LOCAL_REALS, "the survey's shapes fit");
        assertTrue(EnsembleLayout.localReals(30, 10, 30) > EnsembleLayout.LOCAL_REALS, "this shape does not");
        List<EnsembleRun> runs = EnsembleTest.surveyRuns(30, 10, 30, 4, 3_000);
        List<EnsembleResult> got = cl.trainEnsemble(runs, EnsembleEngine.LANES);
        for (int i = 0; i < runs.size(); i++) {
            EnsembleTest.assertAgrees(Ensembles.one(cpu, runs.get(i)), got.get(i), "run " + i + " at (30, 10, 30)");
        }
    }

    /**
     * Sixteen ensembles at once (a GPU's count, {@link OpenClBackend#concurrentEnsembles}), each
     * on its own command queue with its own kernels, give what each gives alone, bit for bit:
     * the calls share the device program and nothing else.
     */
    @Test
    void sixteenEnsemblesAtOnceGiveWhatEachGivesAlone() throws Exception {
        int[][] shapes = {{6, 6, 6}, {9, 3, 20}, {4, 3, 5}, {3, 3, 3}};
        List<List<EnsembleRun>> lists = new ArrayList<>();
        for (int e = 0; e < 16; e++) {
            int[] s = shapes[e % shapes.length];
            lists.add(EnsembleTest.surveyRuns(s[0], s[1], s[2], 8, 1_000 + 150L * e));
        }
        List<List<EnsembleResult>> alone = new ArrayList<>();
        for (List<EnsembleRun> runs : lists) {
            alone.add(cl.trainEnsemble(runs, EnsembleEngine.LANES));
        }
        ExecutorService pool = Executors.newFixedThreadPool(lists.size());
        try {
            List<Future<List<EnsembleResult>>> atOnce = new ArrayList<>();
            for (List<EnsembleRun> runs : lists) {
                atOnce.add(pool.submit(() -> cl.trainEnsemble(runs, EnsembleEngine.LANES)));
            }
            for (int e = 0; e < lists.size(); e++) {
                List<EnsembleResult> got = atOnce.get(e).get();
                for (int i = 0; i < got.size(); i++) {
                    Agreement.bitForBit(alone.get(e).get(i), got.get(i), "ensemble " + e + " run " + i);
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    /**
     * The group a run steps with does not change its results (every sum keeps its order): the
     * survey's protocol at (9, 3, 20) and (20, 20, 20) with the CPU device's group (64, the
     * default there) and with groups of 256 and 1024 as a GPU takes them (-Dbarron.ensembleGroup).
     */
    @Test
    void wideGroupsGiveTheSameRunsBitForBit() {
        for (int[] shape : new int[][]{{9, 3, 20}, {20, 20, 20}}) {
            List<EnsembleRun> runs = EnsembleTest.surveyRuns(shape[0], shape[1], shape[2], 3, 1_500);
            List<EnsembleResult> narrow = cl.trainEnsemble(runs, EnsembleEngine.LANES);
            for (String group : List.of("256", "1024")) {
                System.setProperty("barron.ensembleGroup", group);
                try {
                    List<EnsembleResult> got = cl.trainEnsemble(runs, EnsembleEngine.LANES);
                    for (int i = 0; i < runs.size(); i++) {
                        Agreement.bitForBit(narrow.get(i), got.get(i), "group " + group + " run " + i + " at " + runs.get(i).shape());
                    }
                } finally {
                    System.clearProperty("barron.ensembleGroup");
                }
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
            assertEquals(c.get(1) == EnsembleEngine.EXACT, ((OpenClBackend) cl).deviceEnsembleCovers(runs));
            List<EnsembleResult> got = cl.trainEnsemble(runs, (EnsembleEngine) c.get(1));
            for (int i = 0; i < runs.size(); i++) {
                Agreement.bitForBit(Ensembles.one(cl, runs.get(i)), got.get(i), c.get(1) + " run " + i);
            }
        }
    }

    /** A run whose rows start below 2^-400 leaves the kernel's range: it is the single-run trainer's, bit for bit. */
    @Test
    void aRunOutsideTheKernelsRangeIsRetrainedBySingleRunTrainer() {
        List<EnsembleRun> runs = new ArrayList<>();
        for (EnsembleRun r : EnsembleTest.randomRuns(3, 3, 2, 4, 21)) {
            runs.add(new EnsembleRun(r.initial(), r.teacher(), r.lr(), r.trainOuter(), new StopRules(40, 0, 0), r.guard()));
        }
        EnsembleRun first = runs.get(0);
        double[] tiny = first.initial().w().data().clone();
        for (int t = 0; t < tiny.length; t++) {
            tiny[t] *= 0x1p-420;
        }
        Network small = first.initial().withWeights(new dev.barron.model.Matrix(3, 4, tiny), first.initial().a());
        runs.set(0, new EnsembleRun(small, first.teacher(), first.lr(), first.trainOuter(), first.stop(), first.guard()));
        assertTrue(((OpenClBackend) cl).deviceEnsembleCovers(runs));
        List<EnsembleResult> got = cl.trainEnsemble(runs, EnsembleEngine.LANES);
        Agreement.bitForBit(Ensembles.one(cl, runs.get(0)), got.get(0), "the out-of-range run");
        for (int i = 1; i < runs.size(); i++) {
            EnsembleTest.assertAgrees(Ensembles.one(cpu, runs.get(i)), got.get(i), "run " + i);
        }
    }
}
