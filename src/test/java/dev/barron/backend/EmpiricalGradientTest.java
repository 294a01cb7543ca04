package dev.barron.backend;

import dev.barron.model.Activation;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Precision;
import dev.barron.model.Scaling;
import dev.barron.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The empirical loss against its definition evaluated sample by sample, and its gradient
 * against central finite differences, for every activation and both scalings.
 */
class EmpiricalGradientTest {

    @ParameterizedTest
    @MethodSource("dev.barron.testing.TestBackends#all")
    void lossIsTheMeanOfHalfSquaredResiduals(Backend backend) {
        SplittableRandom rng = new SplittableRandom(3);
        for (Activation act : Activation.values()) {
            Network net = Fixtures.network(rng, 5, 4, Scaling.MEAN_FIELD, act);
            Matrix x = Fixtures.gaussian(rng, 37, 4, 1.0);
            double[] y = Fixtures.gaussian(rng, 37, 1.0);
            double expected = 0;
            for (int r = 0; r < x.rows(); r++) {
                double f = 0;
                for (int i = 0; i < net.width(); i++) {
                    double z = 0;
                    for (int t = 0; t < 4; t++) {
                        z += net.w().get(i, t) * x.get(r, t);
                    }
                    f += net.a()[i] * act.value(z);
                }
                f *= net.scale();
                expected += 0.5 * (f - y[r]) * (f - y[r]) / x.rows();
            }
            double tol = backend.precision() == Precision.F64 ? 1e-13 : 1e-5;
            assertEquals(expected, backend.empiricalLossAndGradient(x, y, net).loss(), tol * (1 + expected), act.label());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.barron.testing.TestBackends#all")
    void gradientMatchesFiniteDifferences(Backend backend) {
        SplittableRandom rng = new SplittableRandom(5);
        for (Activation act : Activation.values()) {
            if (act == Activation.STEP) {
                continue; // piecewise constant: its gradient is 0 a.e., checked below
            }
            for (Scaling scaling : Scaling.values()) {
                Network net = Fixtures.network(rng, 4, 3, scaling, act);
                Matrix x = Fixtures.gaussian(rng, 25, 3, 1.0);
                double[] y = Fixtures.gaussian(rng, 25, 1.0);
                check(backend, x, y, net, act + " " + scaling);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.barron.testing.TestBackends#all")
    void stepActivationHasZeroFirstLayerGradient(Backend backend) {
        SplittableRandom rng = new SplittableRandom(6);
        Network net = Fixtures.network(rng, 4, 3, Scaling.PLAIN, Activation.STEP);
        Matrix x = Fixtures.gaussian(rng, 25, 3, 1.0);
        double[] y = Fixtures.gaussian(rng, 25, 1.0);
        LossGradient lg = backend.empiricalLossAndGradient(x, y, net);
        for (double g : lg.gradW().data()) {
            assertEquals(0, g, 0);
        }
        double h = 1e-4;
        double fd = (backend.empiricalLossAndGradient(x, y, Fixtures.shiftA(net, 1, h)).loss()
                - backend.empiricalLossAndGradient(x, y, Fixtures.shiftA(net, 1, -h)).loss()) / (2 * h);
        assertEquals(fd, lg.gradA()[1], backend.precision() == Precision.F64 ? 1e-8 : 1e-2);
    }

    private static void check(Backend backend, Matrix x, double[] y, Network net, String label) {
        boolean f64 = backend.precision() == Precision.F64;
        double h = f64 ? 1e-6 : 3e-3;
        double tol = f64 ? 1e-7 : 3e-2;
        LossGradient lg = backend.empiricalLossAndGradient(x, y, net);
        double scale = 1e-3 + lg.gradNorm(true);
        for (int i = 0; i < net.width(); i++) {
            for (int t = 0; t < net.inputDim(); t++) {
                double fd = (backend.empiricalLossAndGradient(x, y, Fixtures.shiftW(net, i, t, h)).loss()
                        - backend.empiricalLossAndGradient(x, y, Fixtures.shiftW(net, i, t, -h)).loss()) / (2 * h);
                assertEquals(fd, lg.gradW().get(i, t), tol * scale, label + " dL/dW[" + i + "][" + t + "]");
            }
            double fd = (backend.empiricalLossAndGradient(x, y, Fixtures.shiftA(net, i, h)).loss()
                    - backend.empiricalLossAndGradient(x, y, Fixtures.shiftA(net, i, -h)).loss()) / (2 * h);
            assertEquals(fd, lg.gradA()[i], tol * scale, label + " dL/da[" + i + "]");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.barron.testing.TestBackends#all")
    void badBatchesAreRejectedWithTheirParameterNamed(Backend backend) {
        SplittableRandom rng = new SplittableRandom(8);
        Network net = Fixtures.network(rng, 3, 4, Scaling.PLAIN, Activation.RELU);
        Matrix empty = Matrix.zeros(0, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> backend.empiricalLossAndGradient(empty, new double[0], net));
        assertTrue(e.getMessage().contains("X rows (n)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> backend.forward(empty, net));
        Matrix wrongD = Fixtures.gaussian(rng, 5, 3, 1.0);
        e = assertThrows(IllegalArgumentException.class, () -> backend.forward(wrongD, net));
        assertTrue(e.getMessage().contains("X cols (d)"), e.getMessage());
        Matrix x = Fixtures.gaussian(rng, 5, 4, 1.0);
        e = assertThrows(IllegalArgumentException.class, () -> backend.empiricalLossAndGradient(x, new double[4], net));
        assertTrue(e.getMessage().contains("y length"), e.getMessage());
        double[] nan = new double[5];
        nan[2] = Double.NaN;
        e = assertThrows(IllegalArgumentException.class, () -> backend.empiricalLossAndGradient(x, nan, net));
        assertTrue(e.getMessage().contains("y[2]"), e.getMessage());
    }

    @Test
    void reluDerivativeAtZeroIsOneHalf() {
        assertEquals(0.5, Activation.RELU.derivative(0.0), 0);
    }
}
