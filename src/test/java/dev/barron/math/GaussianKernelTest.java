package dev.barron.math;

import dev.barron.model.Activation;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The closed forms of docs/MATH.md section 2 against two independent oracles: Monte-Carlo
 * estimates of E[sigma(w.x) sigma(v.x)] and E[sigma'(w.x) sigma(v.x) x] (seeded, tolerance
 * five standard errors computed from the samples), and central finite differences of kappa.
 * Then the special cases theta = 0, theta = pi, w = 0, and tiny angles.
 */
class GaussianKernelTest {

    private static final int SAMPLES = 500_000;

    @Test
    void kappaAndGradientMatchMonteCarlo() {
        SplittableRandom rng = new SplittableRandom(20261129L);
        double[][][] pairs = {
                {{0.9, -0.3, 0.5}, {0.2, 0.7, -0.4}},   // generic, obtuse
                {{1.3, 0.4, -0.2}, {0.8, 0.5, 0.1}},    // acute
        };
        int d = 3;
        for (double[][] pair : pairs) {
            double[] w = pair[0];
            double[] v = pair[1];
            Activation[] acts = Activation.values();
            // For each activation: sums and sums of squares of kappa and the d gradient components.
            double[][] sum = new double[acts.length][d + 1];
            double[][] sumSq = new double[acts.length][d + 1];
            double[] x = new double[d];
            for (int r = 0; r < SAMPLES; r++) {
                double zw = 0;
                double zv = 0;
                for (int t = 0; t < d; t++) {
                    x[t] = rng.nextGaussian();
                    zw += w[t] * x[t];
                    zv += v[t] * x[t];
                }
                for (int q = 0; q < acts.length; q++) {
                    double sv = acts[q].value(zv);
                    double k = acts[q].value(zw) * sv;
                    sum[q][0] += k;
                    sumSq[q][0] += k * k;
                    double gs = acts[q].derivative(zw) * sv;
                    for (int t = 0; t < d; t++) {
                        double g = gs * x[t];
                        sum[q][t + 1] += g;
                        sumSq[q][t + 1] += g * g;
                    }
                }
            }
            for (int q = 0; q < acts.length; q++) {
                Activation act = acts[q];
                assertWithinStandardErrors(GaussianKernel.kappa(act, w, v), sum[q][0], sumSq[q][0], act + " kappa");
                if (act == Activation.STEP) {
                    // step' is a Dirac delta, not a sampleable density: its gradient is checked
                    // against finite differences of the (Monte-Carlo checked) kappa instead.
                    continue;
                }
                double[] g = GaussianKernel.gradient(act, w, v);
                for (int t = 0; t < d; t++) {
                    assertWithinStandardErrors(g[t], sum[q][t + 1], sumSq[q][t + 1], act + " grad[" + t + "]");
                }
            }
        }
    }

    private static void assertWithinStandardErrors(double closed, double sum, double sumSq, String label) {
        double mean = sum / SAMPLES;
        double variance = Math.max(sumSq / SAMPLES - mean * mean, 0) * SAMPLES / (SAMPLES - 1.0);
        double se = Math.sqrt(variance / SAMPLES);
        assertEquals(mean, closed, 5 * se + 1e-12, label + " (MC mean " + mean + ", se " + se + ")");
    }

    @Test
    void gradientMatchesFiniteDifferencesOfKappa() {
        SplittableRandom rng = new SplittableRandom(7);
        for (Activation act : Activation.values()) {
            for (int trial = 0; trial < 20; trial++) {
                double[] w = gaussian(rng, 4);
                double[] v = gaussian(rng, 4);
                assertGradientIsFiniteDifference(act, w, v, act + " trial " + trial);
            }
        }
    }

    @Test
    void parallelPairTheta0() {
        double[] w = {0.6, -0.8, 0.3};
        double[] v = scaled(w, 2.5);
        double nw = StableAngle.norm(w, 0, 3);
        double nv = StableAngle.norm(v, 0, 3);
        assertEquals(0, StableAngle.between(w, v), 1e-15);
        assertEquals(nw * nv / 2, GaussianKernel.kappa(Activation.RELU, w, v), 1e-15);
        assertEquals(0.5, GaussianKernel.kappa(Activation.STEP, w, v), 1e-15);
        assertEquals(1.5 * nw * nw * nv * nv, GaussianKernel.kappa(Activation.RELU2, w, v), 1e-13);
        assertEquals(2 / Math.PI * Math.asin(nw * nv / Math.sqrt((1 + nw * nw) * (1 + nv * nv))),
                GaussianKernel.kappa(Activation.ERF, w, v), 1e-15);
        // g(w, w) = w / 2 for relu (the self pair of the population gradient)
        assertArrayEquals(scaled(w, 0.5), GaussianKernel.gradient(Activation.RELU, w, w), 1e-15);
        // At theta = 0 kappa is smooth in w for relu, erf, relu2; for step it has a symmetric kink
        // (a cone in the angle), whose central difference is 0: the documented convention.
        for (Activation act : Activation.values()) {
            assertGradientIsFiniteDifference(act, w, v, act + " theta = 0");
            assertGradientIsFiniteDifference(act, w, w, act + " self pair");
        }
    }

    @Test
    void antiparallelPairThetaPi() {
        double[] w = {0.6, -0.8, 0.3};
        double[] v = scaled(w, -1.7);
        assertEquals(Math.PI, StableAngle.between(w, v), 1e-15);
        assertEquals(0, GaussianKernel.kappa(Activation.RELU, w, v), 1e-16);
        assertEquals(0, GaussianKernel.kappa(Activation.STEP, w, v), 1e-16);
        assertEquals(0, GaussianKernel.kappa(Activation.RELU2, w, v), 1e-15);
        assertArrayEquals(new double[3], GaussianKernel.gradient(Activation.RELU, w, v), 1e-16);
        for (Activation act : Activation.values()) {
            assertGradientIsFiniteDifference(act, w, v, act + " theta = pi");
        }
    }

    /**
     * At w = 0 relu's kappa is only positively homogeneous. The convention relu'(0) = 1/2 gives
     * g(0, v) = E[relu'(0) x relu(v.x)] = v/4; it equals the average of g(eps u, v) over
     * uniformly random directions u, checked here by Monte-Carlo over directions.
     */
    @Test
    void zeroStudentConventions() {
        double[] zero = new double[3];
        double[] v = {0.4, 1.1, -0.7};
        for (Activation act : Activation.values()) {
            assertEquals(0, GaussianKernel.kappa(act, zero, v), 0, act + " kappa(0, v)");
        }
        assertArrayEquals(scaled(v, 0.25), GaussianKernel.gradient(Activation.RELU, zero, v), 1e-16);
        assertArrayEquals(new double[3], GaussianKernel.gradient(Activation.RELU2, zero, v), 0);
        assertArrayEquals(new double[3], GaussianKernel.gradient(Activation.STEP, zero, v), 0);
        assertGradientIsFiniteDifference(Activation.ERF, zero, v, "erf at w = 0");
        // relu2 at w = 0: kappa(h u, v) = h^2 E[relu(u.x)^2 relu(v.x)^2] differs between u and -u, so the
        // central difference is O(h) rather than O(h^2) around the exact gradient 0.
        for (int t = 0; t < 3; t++) {
            double h = 1e-6;
            double[] plus = new double[3];
            double[] minus = new double[3];
            plus[t] = h;
            minus[t] = -h;
            double fd = (GaussianKernel.kappa(Activation.RELU2, plus, v) - GaussianKernel.kappa(Activation.RELU2, minus, v))
                    / (2 * h);
            assertEquals(0, fd, 10 * h * 2.0, "relu2 finite difference at w = 0, component " + t);
        }

        SplittableRandom rng = new SplittableRandom(99);
        int n = 200_000;
        double[] sum = new double[3];
        double[] sumSq = new double[3];
        for (int r = 0; r < n; r++) {
            double[] u = scaled(gaussian(rng, 3), 1e-3);
            double[] g = GaussianKernel.gradient(Activation.RELU, u, v);
            for (int t = 0; t < 3; t++) {
                sum[t] += g[t];
                sumSq[t] += g[t] * g[t];
            }
        }
        for (int t = 0; t < 3; t++) {
            double mean = sum[t] / n;
            double se = Math.sqrt((sumSq[t] / n - mean * mean) / (n - 1));
            assertEquals(v[t] / 4, mean, 5 * se, "direction average of g(eps u, v)[" + t + "]");
        }
    }

    /**
     * theta = 1e-7 rad between two vectors of a plane rotated at random into d = 6: the stable
     * angle keeps relative accuracy 1e-7, acos of the Gram cosine does not.
     */
    @Test
    void tinyAnglesKeepRelativeAccuracy() {
        SplittableRandom rng = new SplittableRandom(31);
        double tolerance = 1e-7;
        int acosFailures = 0;
        for (int trial = 0; trial < 10; trial++) {
            double theta = 1e-7 * (1 + trial);
            double[] e1 = unit(gaussian(rng, 6));
            double[] e2 = orthogonalUnit(e1, gaussian(rng, 6));
            double rw = 0.5 + rng.nextDouble();
            double rv = 0.5 + rng.nextDouble();
            double[] w = scaled(e1, rw);
            double[] v = new double[6];
            for (int t = 0; t < 6; t++) {
                v[t] = rv * (Math.cos(theta) * e1[t] + Math.sin(theta) * e2[t]);
            }
            double stable = StableAngle.between(w, v);
            assertEquals(theta, stable, tolerance * theta, "stable angle at " + theta);
            double dot = 0;
            for (int t = 0; t < 6; t++) {
                dot += w[t] * v[t];
            }
            double naive = Math.acos(Math.min(1, dot / (StableAngle.norm(w, 0, 6) * StableAngle.norm(v, 0, 6))));
            if (Math.abs(naive - theta) > tolerance * theta) {
                acosFailures++;
            }
        }
        assertTrue(acosFailures >= 8, "acos should lose relative accuracy at 1e-7 rad, failed only " + acosFailures);
    }

    static void assertGradientIsFiniteDifference(Activation act, double[] w, double[] v, String label) {
        double[] g = GaussianKernel.gradient(act, w, v);
        double nw = StableAngle.norm(w, 0, w.length);
        double h = 1e-6 * Math.max(nw, 1e-3);
        double scale = Math.abs(GaussianKernel.kappa(act, w, v)) / Math.max(nw, 1e-3) + norm(g) + 1e-3;
        if (act == Activation.STEP) {
            scale += 1 / (2 * Math.PI * Math.max(nw, 1e-3)); // the size of the step gradient off the kinks
        }
        for (int t = 0; t < w.length; t++) {
            double[] plus = w.clone();
            double[] minus = w.clone();
            plus[t] += h;
            minus[t] -= h;
            double fd = (GaussianKernel.kappa(act, plus, v) - GaussianKernel.kappa(act, minus, v)) / (2 * h);
            assertEquals(fd, g[t], 1e-6 * scale, label + " component " + t);
        }
    }

    static double[] gaussian(SplittableRandom rng, int d) {
        double[] x = new double[d];
        for (int t = 0; t < d; t++) {
            x[t] = rng.nextGaussian();
        }
        return x;
    }

    static double[] scaled(double[] x, double c) {
        double[] y = new double[x.length];
        for (int t = 0; t < x.length; t++) {
            y[t] = c * x[t];
        }
        return y;
    }

    private static double norm(double[] x) {
        return StableAngle.norm(x, 0, x.length);
    }

    private static double[] unit(double[] x) {
        return scaled(x, 1 / norm(x));
    }

    private static double[] orthogonalUnit(double[] e, double[] x) {
        double dot = 0;
        for (int t = 0; t < x.length; t++) {
            dot += e[t] * x[t];
        }
        double[] y = new double[x.length];
        for (int t = 0; t < x.length; t++) {
            y[t] = x[t] - dot * e[t];
        }
        return unit(y);
    }
}
