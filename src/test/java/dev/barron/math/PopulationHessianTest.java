package dev.barron.math;

import dev.barron.backend.Backend;
import dev.barron.model.Activation;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Scaling;
import dev.barron.model.Teacher;
import dev.barron.train.ReferenceBackend;
import dev.barron.train.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The closed-form Hessian against central differences of the analytic gradient. */
class PopulationHessianTest {

    static void checkAgainstFiniteDifferences(Backend backend, Network net, Teacher t, double tol) {
        double[] h = PopulationHessian.inW(net, t);
        int n = net.width() * net.inputDim();
        double step = 1e-6;
        for (int c = 0; c < n; c++) {
            double[] plus = net.w().data().clone();
            double[] minus = net.w().data().clone();
            plus[c] += step;
            minus[c] -= step;
            double[] gp = backend.populationLossAndGradient(net.withWeights(new Matrix(net.width(), net.inputDim(), plus), net.a()), t).gradW().data();
            double[] gm = backend.populationLossAndGradient(net.withWeights(new Matrix(net.width(), net.inputDim(), minus), net.a()), t).gradW().data();
            for (int r = 0; r < n; r++) {
                double fd = (gp[r] - gm[r]) / (2 * step);
                assertEquals(fd, h[r * n + c], tol, "H[" + r + "][" + c + "]");
                assertEquals(h[c * n + r], h[r * n + c], 1e-12, "symmetry at " + r + ", " + c);
            }
        }
    }

    static Network random(int m, int d, double[] a, Scaling s, long seed) {
        double[] w = new double[m * d];
        new Rng(seed).gaussians(w);
        return new Network(new Matrix(m, d, w), a, s, Activation.RELU);
    }

    @Test
    void matchesFiniteDifferencesPlainWithUnitOuterWeights() {
        Teacher t = new Teacher(Matrix.of(new double[]{1, 0, 0}, new double[]{0, 1, 0}, new double[]{0, 0, 1}), new double[]{1, 1, 1});
        checkAgainstFiniteDifferences(new ReferenceBackend(), random(4, 3, new double[]{1, 1, 1, 1}, Scaling.PLAIN, 3), t, 2e-7);
    }

    @Test
    void matchesFiniteDifferencesMeanFieldWithSignedWeightsAndAGeneralTeacher() {
        Teacher t = new Teacher(Matrix.of(new double[]{0.3, -1.2, 0.5, 0.1}, new double[]{1, 0.4, -0.2, 0.7}), new double[]{1.5, -0.7});
        checkAgainstFiniteDifferences(new ReferenceBackend(), random(3, 4, new double[]{0.8, -1.3, 2.1}, Scaling.MEAN_FIELD, 5), t, 2e-7);
    }

    @Test
    void atTheGlobalMinimumTheHessianIsPositiveSemidefinite() {
        Teacher t = new Teacher(Matrix.of(new double[]{1, 0}, new double[]{0, 1}), new double[]{1, 1});
        Network net = new Network(t.v().copy(), new double[]{1, 1}, Scaling.PLAIN, Activation.RELU);
        assertTrue(PopulationHessian.smallestEigenvalue(net, t).smallest() > -1e-12);
    }
}
