package dev.barron.train;

import dev.barron.backend.Backend;
import dev.barron.backend.EnsembleEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * The TornadoVM ensemble (kernels/ensemble.cl through tornado_ensemble_gd and its exchange
 * graph) against the single-run trainer on the CPU, to the tolerance of docs/ENSEMBLES.md, with
 * fewer slots than runs and fewer swaps per exchange than slots stop at once, so that slots are
 * refilled between launches and an exchange takes several executions. Written without a
 * compile-time reference to TornadoVM; skipped, with the reason, unless the build has the
 * tornado profile and the JVM runs with the SDK's options.
 */
class TornadoEnsembleTest {

    private static DeviceEnsembleFixture fixture;
    private static Backend tornado;
    private static Backend cpu;

    @BeforeAll
    static void open() {
        fixture = DeviceEnsembleFixture.openOrSkip("tornado", false); // not in the build without -Ptornado
        tornado = fixture.device;
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
        EnsembleTest.agreesOnEveryKindOfEnding(tornado, EnsembleEngine.LANES, cpu);
    }

    /** The survey's protocol at (9, 3, 20), 300 runs in 300 slots: more swaps at a time than one exchange holds. */
    @Test
    void deviceEnsembleAgreesOnTheSurveyProtocol() {
        fixture.slots(300);
        try {
            List<EnsembleRun> runs = EnsembleTest.surveyRuns(9, 3, 20, 300, 2_000);
            List<EnsembleResult> got = tornado.trainEnsemble(runs, EnsembleEngine.LANES);
            for (int i = 0; i < runs.size(); i++) {
                EnsembleTest.assertAgrees(Ensembles.one(cpu, runs.get(i)), got.get(i), "survey run " + i);
            }
        } finally {
            fixture.slots(6);
        }
    }
}
