package dev.barron.backend;

import dev.barron.model.Activation;
import dev.barron.model.Network;
import dev.barron.model.Precision;
import dev.barron.model.Scaling;
import dev.barron.model.Teacher;
import dev.barron.testing.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The closed-form population gradient against central finite differences of the closed-form
 * loss,
 * for every activation, both scalings, trainable and frozen (committee) outer weights.
 */
class PopulationGradientTest {

    @ParameterizedTest
    @MethodSource("dev.barron.testing.TestBackends#all")
    void gradientMatchesFiniteDifferences(Backend backend) {
        SplittableRandom rng = new SplittableRandom(11);
        for (Activation act : Activation.values()) {
            for (Scaling scaling : Scaling.values()) {
                for (boolean committee : new boolean[]{false, true}) {
                    Network net = Fixtures.network(rng, 4, 5, scaling, act);
                    if (committee) {
                        net = net.withWeights(net.w(), Fixtures.constant(4, 1.0));
                    }
                    Teacher teacher = Fixtures.teacher(rng, 3, 5);
                    check(backend, net, teacher, act + " " + scaling + (committee ? " committee" : ""));
                }
            }
        }
    }

    /**
     * Degenerate relu neurons: w = 0 (where the central difference of kappa(., v) is exactly the
     * convention g(0, v) = v/4, since J(theta) - J(pi - theta) = pi cos theta), a duplicated pair
     * (theta = 0, where kappa is smooth), an antiparallel pair (theta = pi) and a = 0.
     */
    @ParameterizedTest
    @MethodSource("dev.barron.testing.TestBackends#all")
    void degenerateNeuronsMatchFiniteDifferences(Backend backend) {
        SplittableRandom rng = new SplittableRandom(12);
        for (Scaling scaling : Scaling.values()) {
            Network net = Fixtures.network(rng, 6, 4, scaling, Activation.RELU);
            double[] w = net.w().data().clone();
            double[] a = net.a().clone();
            java.util.Arrays.fill(w, 0, 4, 0.0);             // w_0 = 0
            System.arraycopy(w, 4, w, 8, 4);                  // w_2 = w_1
            for (int t = 0; t < 4; t++) {
                w[12 + t] = -0.5 * w[4 + t];                  // w_3 = -w_1 / 2
            }
            a[4] = 0;                                         // a_4 = 0
            Network degenerate = net.withWeights(new dev.barron.model.Matrix(6, 4, w), a);
            Teacher teacher = Fixtures.teacher(rng, 2, 4);
            check(backend, degenerate, teacher, "degenerate " + scaling);
            LossGradient lg = backend.populationLossAndGradient(degenerate, teacher);
            for (double g : lg.gradW().data()) {
                org.junit.jupiter.api.Assertions.assertTrue(Double.isFinite(g));
            }
        }
    }

    private static void check(Backend backend, Network net, Teacher teacher, String label) {
        boolean f64 = backend.precision() == Precision.F64;
        double h = f64 ? 1e-6 : 3e-3;
        double tol = f64 ? 2e-7 : 3e-2;
        LossGradient lg = backend.populationLossAndGradient(net, teacher);
        double scale = 1e-3 + lg.gradNorm(true);
        for (int i = 0; i < net.width(); i++) {
            for (int t = 0; t < net.inputDim(); t++) {
                double fd = (backend.populationLossAndGradient(Fixtures.shiftW(net, i, t, h), teacher).loss()
                        - backend.populationLossAndGradient(Fixtures.shiftW(net, i, t, -h), teacher).loss()) / (2 * h);
                assertEquals(fd, lg.gradW().get(i, t), tol * scale, label + " dL/dW[" + i + "][" + t + "]");
            }
            double fd = (backend.populationLossAndGradient(Fixtures.shiftA(net, i, h), teacher).loss()
                    - backend.populationLossAndGradient(Fixtures.shiftA(net, i, -h), teacher).loss()) / (2 * h);
            assertEquals(fd, lg.gradA()[i], tol * scale, label + " dL/da[" + i + "]");
        }
    }
}
