package dev.barron.math;

import dev.barron.testing.ProxBruteForce;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exact one-neuron prox against brute-force minimisation ({@link ProxBruteForce}). */
class NeuronProxTest {

    @Test
    void matchesBruteForceOnManyRandomCases() {
        SplittableRandom rng = new SplittableRandom(2026);
        for (int trial = 0; trial < 400; trial++) {
            int d = 1 + rng.nextInt(6);
            double lambda = trial % 10 == 0 ? 0 : rng.nextDouble() * 1.2;
            double a0 = rng.nextGaussian() * (trial % 7 == 0 ? 0.1 : 1.5);
            double[] w0 = new double[d];
            for (int t = 0; t < d; t++) {
                w0[t] = rng.nextGaussian();
                if (trial % 5 == 0 && t == 0) {
                    w0[t] = 0; // a zero entry
                }
                if (trial % 6 == 0 && t > 0) {
                    w0[t] = -w0[t - 1]; // a tie in magnitude
                }
            }
            if (trial % 13 == 0) {
                a0 = 0;
            }
            double[] a = new double[1];
            double[] w = new double[d];
            NeuronProx.Choice c = NeuronProx.apply(lambda, a0, w0, 0, d, a, 0, w, 0);
            double atPoint = NeuronProx.objective(lambda, a0, w0, a[0], w);
            String label = "trial " + trial + " d=" + d + " lambda=" + lambda + " a0=" + a0;
            assertEquals(atPoint, c.objective(), 1e-12 * (1 + atPoint), label + ": reported objective");
            assertEquals(Math.abs(a[0]) * PathNorms.l1Row(w, 0, d), c.pathTerm(), 1e-12 * (1 + c.pathTerm()), label);
            double brute = ProxBruteForce.minimum(lambda, a0, w0);
            assertTrue(atPoint <= brute + 1e-12, label + ": prox " + atPoint + " worse than brute force " + brute);
            assertTrue(atPoint >= brute - 1e-7, label + ": brute force " + brute + " far above prox " + atPoint);
            assertTrue(a[0] == 0 || Math.signum(a[0]) == Math.signum(a0), label + ": sign of a");
        }
    }

    @Test
    void zeroLambdaIsTheIdentityAndLargeLambdaKillsTheNeuron() {
        double[] w0 = {0.3, -1.2, 0.0, 2.0};
        double[] a = new double[1];
        double[] w = new double[4];
        NeuronProx.apply(0, -0.7, w0, 0, 4, a, 0, w, 0);
        assertEquals(-0.7, a[0], 0);
        for (int t = 0; t < 4; t++) {
            assertEquals(w0[t], w[t], 0);
        }
        // lambda >= 1: no support candidate (1 - s lambda^2 <= 0), so a = 0 or w = 0
        NeuronProx.Choice c = NeuronProx.apply(1.0, -0.7, w0, 0, 4, a, 0, w, 0);
        assertEquals(0, c.pathTerm(), 0);
        assertThrows(IllegalArgumentException.class, () -> new NeuronProx.Sorted(1, w0, 0, 4).choose(-1e-3));
    }
}
