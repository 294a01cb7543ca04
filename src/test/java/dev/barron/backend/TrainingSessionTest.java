package dev.barron.backend;

import dev.barron.math.PathNorms;
import dev.barron.math.StableAngle;
import dev.barron.model.Activation;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Scaling;
import dev.barron.model.Teacher;
import dev.barron.testing.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The session protocol: evaluate then step, its state, and agreement with the stateless calls. */
class TrainingSessionTest {

    private static double tol(Backend b) {
        return b.precision().epsilon() * 64;
    }

    @ParameterizedTest
    @MethodSource("dev.barron.testing.TestBackends#all")
    void stepBeforeEvaluateIsAnError(Backend backend) {
        SplittableRandom rng = new SplittableRandom(1);
        Network net = Fixtures.network(rng, 3, 4, Scaling.PLAIN, Activation.RELU);
        try (TrainingSession s = backend.openSession(new SessionSpec(net, Fixtures.teacher(rng, 2, 4), true))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.step(0.1));
            assertTrue(e.getMessage().contains("evaluate"), e.getMessage());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.barron.testing.TestBackends#all")
    void populationStepsFollowTheStatelessGradient(Backend backend) {
        SplittableRandom rng = new SplittableRandom(2);
        for (boolean trainOuter : new boolean[]{true, false}) {
            Network net = Fixtures.network(rng, 5, 4, Scaling.MEAN_FIELD, Activation.RELU);
            Teacher teacher = Fixtures.teacher(rng, 2, 4);
            try (TrainingSession s = backend.openSession(new SessionSpec(net, teacher, trainOuter))) {
                Network expected = net;
                for (int it = 0; it < 3; it++) {
                    LossGradient lg = backend.populationLossAndGradient(expected, teacher);
                    StepStats stats = s.evaluatePopulation();
                    assertEquals(lg.loss(), stats.loss(), tol(backend) * (1 + Math.abs(lg.loss())));
                    assertEquals(lg.maxNeuronGradNorm(), stats.maxNeuronGradNorm(), tol(backend) * 10);
                    assertEquals(lg.gradNorm(trainOuter), stats.gradNorm(), tol(backend) * 10);
                    s.step(0.5);
                    expected = gdStep(expected, lg, 0.5, trainOuter);
                    assertClose(expected, s.read(), tol(backend) * 10);
                }
                assertEquals(PathNorms.l1(s.read()), s.pathNormL1(), tol(backend));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.barron.testing.TestBackends#all")
    void empiricalStepsFollowTheStatelessGradient(Backend backend) {
        SplittableRandom rng = new SplittableRandom(4);
        Network net = Fixtures.network(rng, 6, 3, Scaling.PLAIN, Activation.RELU);
        Matrix x = Fixtures.gaussian(rng, 40, 3, 1.0);
        double[] y = Fixtures.gaussian(rng, 40, 1.0);
        try (TrainingSession s = backend.openSession(new SessionSpec(net, null, true))) {
            assertThrows(IllegalStateException.class, s::evaluatePopulation);
            LossGradient lg = backend.empiricalLossAndGradient(x, y, net);
            assertEquals(lg.loss(), s.evaluateEmpirical(x, y).loss(), tol(backend) * (1 + lg.loss()));
            s.step(0.1);
            assertClose(gdStep(net, lg, 0.1, true), s.read(), tol(backend) * 10);
            assertThrows(IllegalStateException.class, () -> s.step(0.1), "a gradient is applied once");
        }
    }

    /** The same arrays again, y refilled in place with a NaN: named, not trained on. */
    @ParameterizedTest
    @MethodSource("dev.barron.testing.TestBackends#all")
    void aTargetRefilledWithNaNBetweenStepsIsNamed(Backend backend) {
        SplittableRandom rng = new SplittableRandom(13);
        Network net = Fixtures.network(rng, 3, 4, Scaling.PLAIN, Activation.RELU);
        double[] xs = new double[20 * 4];
        double[] y = new double[20];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = rng.nextDouble() - 0.5;
        }
        Matrix x = new Matrix(20, 4, xs);
        try (TrainingSession s = backend.openSession(new SessionSpec(net, null, true))) {
            s.evaluateEmpirical(x, y);
            s.step(0.1);
            y[7] = Double.NaN;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.evaluateEmpirical(x, y));
            assertTrue(e.getMessage().contains("y"), e.getMessage());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.barron.testing.TestBackends#all")
    void writeReadAnglesAndProjection(Backend backend) {
        SplittableRandom rng = new SplittableRandom(9);
        Network net = Fixtures.network(rng, 4, 5, Scaling.PLAIN, Activation.RELU);
        Teacher teacher = Fixtures.teacher(rng, 3, 5);
        try (TrainingSession s = backend.openSession(new SessionSpec(net, teacher, true))) {
            Network other = Fixtures.network(rng, 4, 5, Scaling.PLAIN, Activation.RELU);
            s.write(other);
            assertClose(other, s.read(), tol(backend));
            assertThrows(IllegalArgumentException.class,
                    () -> s.write(Fixtures.network(rng, 3, 5, Scaling.PLAIN, Activation.RELU)));
            Angles angles = s.angles();
            for (int i = 0; i < 4; i++) {
                assertEquals(StableAngle.norm(other.w().row(i), 0, 5), angles.studentNorms()[i], 1e-6);
                for (int j = 0; j < 3; j++) {
                    assertEquals(StableAngle.between(other.w().row(i), teacher.v().row(j)),
                            angles.studentTeacher().get(i, j), 1e-6);
                }
                for (int q = 0; q < 4; q++) {
                    assertEquals(i == q ? 0 : StableAngle.between(other.w().row(i), other.w().row(q)),
                            angles.studentStudent().get(i, q), 1e-6);
                }
            }
            double radius = 0.5 * s.pathNormL1();
            ProjectionResult r = s.project(radius, ProjectionMethod.RESCALE);
            assertTrue(r.pathNormL1() <= radius);
            assertEquals(r.pathNormL1(), s.pathNormL1(), tol(backend));
            assertThrows(IllegalStateException.class, () -> s.step(0.1));
        }
    }

    private static Network gdStep(Network net, LossGradient lg, double lr, boolean trainOuter) {
        double[] w = net.w().data().clone();
        for (int t = 0; t < w.length; t++) {
            w[t] -= lr * lg.gradW().data()[t];
        }
        double[] a = net.a().clone();
        if (trainOuter) {
            for (int i = 0; i < a.length; i++) {
                a[i] -= lr * lg.gradA()[i];
            }
        }
        return net.withWeights(new Matrix(net.width(), net.inputDim(), w), a);
    }

    private static void assertClose(Network expected, Network actual, double tol) {
        assertArrayEquals(expected.w().data(), actual.w().data(), tol);
        assertArrayEquals(expected.a(), actual.a(), tol);
    }
}
