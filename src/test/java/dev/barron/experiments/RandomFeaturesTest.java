package dev.barron.experiments;

import dev.barron.backend.cpu.CpuBackend;
import dev.barron.backend.cpu.Float64Gram;
import dev.barron.math.Gram;
import dev.barron.math.RidgeRegression;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Precision;
import dev.barron.model.Teacher;
import dev.barron.train.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The design matrix and the fitted function agree (Z c is the network's forward, by a second
 * route: the backend's forward of f_a), the norm of c is ||a||_{L^p(mu_m)}, the BLAS Gram is
 * the loop's, and the excess risk of the closed form matches Monte Carlo.
 */
class RandomFeaturesTest {

    @ParameterizedTest(name = "p {0}")
    @ValueSource(doubles = {1, 1.5, 2})
    void designTimesCoefficientsIsTheNetworksForward(double p) {
        try (CpuBackend cpu = new CpuBackend(Precision.F64)) {
            int n = 30;
            int m = 17;
            int d = 5;
            double[] x = new double[n * d];
            new Rng(1).gaussians(x);
            Matrix xs = new Matrix(n, d, x);
            Matrix w = RandomFeatures.firstLayer(FeatureDistribution.SPHERE, m, d, 3);
            double[] c = new double[m];
            new Rng(2).gaussians(c);
            double[] zc = RidgeRegression.times(RandomFeatures.design(cpu, xs, w, p), n, m, c);
            Network f = RandomFeatures.network(w, c, p);
            double[] fx = cpu.forward(xs, f);
            for (int r = 0; r < n; r++) {
                assertEquals(fx[r], zc[r], 1e-12 * (1 + Math.abs(fx[r])));
            }
            double lp = 0;
            for (double a : f.a()) {
                lp += Math.pow(Math.abs(a), p) / m;
            }
            assertEquals(Math.pow(lp, 1 / p), RfmFit.lpNorm(c, p), 1e-12 * Math.pow(lp, 1 / p));
        }
    }

    @Test
    void sphereFeaturesHaveUnitNormAndTheTargetIsRelu() {
        Matrix w = RandomFeatures.firstLayer(FeatureDistribution.SPHERE, 9, 4, 5);
        for (int i = 0; i < 9; i++) {
            assertEquals(1, dev.barron.math.StableAngle.norm(w.data(), i * 4, 4), 1e-14);
        }
        Teacher t = RandomFeatures.target(1, 4, 5);
        assertEquals(1, t.b()[0]);
        assertEquals(1, dev.barron.math.StableAngle.norm(t.v().data(), 0, 4), 1e-14);
    }

    @Test
    void blasGramIsTheLoopsGram() {
        double[] a = new double[37 * 23];
        new Rng(9).gaussians(a);
        double[] blas = Float64Gram.BLAS.of(a, 37, 23);
        double[] loop = Gram.PLAIN.of(a, 37, 23);
        for (int i = 0; i < blas.length; i++) {
            assertEquals(loop[i], blas[i], 1e-12 * (1 + Math.abs(loop[i])));
        }
    }

    @Test
    void closedFormExcessRiskAgreesWithMonteCarlo() {
        try (CpuBackend cpu = new CpuBackend(Precision.F64)) {
            Matrix w = RandomFeatures.firstLayer(FeatureDistribution.GAUSSIAN, 40, 6, 7);
            double[] c = new double[40];
            new Rng(8).gaussians(c);
            Network f = RandomFeatures.network(w, c, 2);
            Teacher t = RandomFeatures.target(3, 6, 7);
            double exact = ExcessRisk.gaussian(cpu, f, t);
            ExcessRisk.Estimate mc = ExcessRisk.monteCarlo(cpu, f, t, InputDistribution.GAUSSIAN, 400_000, new Rng(10));
            assertEquals(exact, mc.value(), 5 * mc.stdErr());
        }
    }

    @Test
    void badConfigsAreRefusedByName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> config(2.5, 0.1, 10)).getMessage().contains("p"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> config(1, -1, 10)).getMessage().contains("lambda"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> config(1, 0.1, 0)).getMessage().contains("m"));
    }

    private static RfmConfig config(double p, double lambda, int m) {
        return new RfmConfig(4, 20, m, FeatureDistribution.GAUSSIAN, RfmMethod.LP, p, lambda, LambdaSelection.FIXED, 1e-6,
                1, 5, 0.2, 1, 0.1, 1, 10, 1e-6, 100, 1);
    }
}
