package dev.barron.backend.tornado;

import dev.barron.backend.Angles;
import dev.barron.backend.Backend;
import dev.barron.backend.BackendOptions;
import dev.barron.backend.BackendProvider;
import dev.barron.backend.Backends;
import dev.barron.backend.ProjectionMethod;
import dev.barron.backend.SessionSpec;
import dev.barron.backend.StepStats;
import dev.barron.backend.TrainingSession;
import dev.barron.model.Activation;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Precision;
import dev.barron.model.Scaling;
import dev.barron.model.Teacher;
import dev.barron.testing.Fixtures;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A short training run on the TornadoVM backend against the same run on the CPU reference.
 * The backend-level suite (every test that takes {@code TestBackends#all}) already runs on the
 * TornadoVM backend whenever it is registered; this adds whole runs: population GD with
 * projections onto the path-norm ball, and SGD on a fixed batch.
 *
 * <p>Written without a compile-time reference to TornadoVM, so it compiles in the default build;
 * it is skipped, with the reason, unless the build has the tornado profile (-Ptornado) and the
 * JVM runs with the SDK's options (setup-tornado.sh records them in .tornado/jvm.options).
 */
class TornadoTrainingRunTest {

    private static final double REL = 1e-12;

    private static Backend tornadoOrSkip() {
        BackendProvider provider = null;
        for (BackendProvider p : Backends.providers()) {
            if (p.name().equals("tornado")) {
                provider = p;
            }
        }
        Assumptions.assumeTrue(provider != null, "the TornadoVM backend is not in this build: it is compiled only"
                + " with -Ptornado against an SDK wired in by ./setup-tornado.sh (TORNADOVM_HOME)");
        String reason = provider.unavailableReason();
        Assumptions.assumeTrue(reason == null, "the TornadoVM backend is unavailable: " + reason);
        return provider.create(BackendOptions.of(Precision.F64));
    }

    @Test
    void projectedPopulationRunMatchesTheCpu() {
        try (Backend tornado = tornadoOrSkip(); Backend cpu = Backends.cpu(BackendOptions.of(Precision.F64))) {
            SplittableRandom rng = new SplittableRandom(5);
            Network net = Fixtures.network(rng, 7, 6, Scaling.MEAN_FIELD, Activation.RELU);
            Teacher teacher = Fixtures.teacher(rng, 3, 6);
            SessionSpec spec = new SessionSpec(net, teacher, true);
            try (TrainingSession c = cpu.openSession(spec); TrainingSession t = tornado.openSession(spec)) {
                for (int step = 0; step < 60; step++) {
                    StepStats sc = c.evaluatePopulation();
                    StepStats st = t.evaluatePopulation();
                    close(sc.loss(), st.loss(), "loss at step " + step);
                    close(sc.gradNorm(), st.gradNorm(), "gradient norm at step " + step);
                    c.step(0.2);
                    t.step(0.2);
                    if (step % 20 == 19) {
                        double radius = 0.9 * c.pathNormL1();
                        close(c.project(radius, ProjectionMethod.PROX_BISECTION).pathNormL1(),
                                t.project(radius, ProjectionMethod.PROX_BISECTION).pathNormL1(), "projected norm");
                    }
                }
                close(c.read(), t.read());
                Angles ac = c.angles();
                Angles at = t.angles();
                close(ac.studentTeacher().data(), at.studentTeacher().data(), "student-teacher angles");
                close(ac.studentStudent().data(), at.studentStudent().data(), "student-student angles");
            }
        }
    }

    @Test
    void sgdRunOnAFixedBatchMatchesTheCpu() {
        try (Backend tornado = tornadoOrSkip(); Backend cpu = Backends.cpu(BackendOptions.of(Precision.F64))) {
            SplittableRandom rng = new SplittableRandom(6);
            Network net = Fixtures.network(rng, 9, 5, Scaling.PLAIN, Activation.RELU);
            Matrix x = Fixtures.gaussian(rng, 40, 5, 1.0);
            double[] y = Fixtures.gaussian(rng, 40, 1.0);
            SessionSpec spec = new SessionSpec(net, null, true);
            try (TrainingSession c = cpu.openSession(spec); TrainingSession t = tornado.openSession(spec)) {
                for (int step = 0; step < 40; step++) {
                    close(c.evaluateEmpirical(x, y).loss(), t.evaluateEmpirical(x, y).loss(), "loss at step " + step);
                    c.step(0.05);
                    t.step(0.05);
                }
                close(c.read(), t.read());
            }
        }
    }

    private static void close(double expected, double actual, String what) {
        assertEquals(expected, actual, REL * Math.max(1, Math.abs(expected)), what);
    }

    private static void close(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            close(expected[i], actual[i], what + "[" + i + "]");
        }
    }

    private static void close(Network expected, Network actual) {
        close(expected.w().data(), actual.w().data(), "W");
        close(expected.a(), actual.a(), "a");
    }
}
