package dev.barron.experiments;

import dev.barron.train.Rng;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scaling-law fit recovers known exponents from synthetic losses, and its intervals cover them. */
class ScalingLawFitTest {

    private static double[][] synthetic(double noise, long seed) {
        Rng rng = new Rng(seed);
        List<double[]> pts = new ArrayList<>();
        for (int m : new int[]{10, 20, 40, 80, 160, 320}) {
            for (int n : new int[]{100, 200, 400, 800, 1600}) {
                for (int s = 0; s < 2; s++) {
                    double l = 2.0 * Math.pow(m, -0.7) + 5.0 * Math.pow(n, -0.4) + 0.01;
                    pts.add(new double[]{m, n, l * Math.exp(noise * rng.nextGaussian())});
                }
            }
        }
        double[][] out = new double[3][pts.size()];
        for (int i = 0; i < pts.size(); i++) {
            for (int k = 0; k < 3; k++) {
                out[k][i] = pts.get(i)[k];
            }
        }
        return out;
    }

    @Test
    void exactLossesGiveTheExponentsBack() {
        double[][] d = synthetic(0, 1);
        ScalingLawFit.Law law = ScalingLawFit.fit(d[0], d[1], d[2]);
        assertEquals(0.7, law.a(), 1e-6);
        assertEquals(0.4, law.b(), 1e-6);
        assertEquals(2.0, law.bigA(), 1e-5);
        assertEquals(5.0, law.bigB(), 1e-5);
        assertEquals(0.01, law.c(), 1e-7);
    }

    @Test
    void noisyLossesGiveIntervalsThatCoverTheExponents() {
        double[][] d = synthetic(0.03, 2);
        ScalingLawFit.WithIntervals f = ScalingLawFit.withIntervals(d[0], d[1], d[2], 100);
        assertEquals(0.7, f.law().a(), 0.1);
        assertEquals(0.4, f.law().b(), 0.1);
        assertTrue(f.low()[1] <= 0.7 && 0.7 <= f.high()[1], "a's interval [" + f.low()[1] + ", " + f.high()[1] + "]");
        assertTrue(f.low()[3] <= 0.4 && 0.4 <= f.high()[3], "b's interval [" + f.low()[3] + ", " + f.high()[3] + "]");
        assertTrue(f.high()[1] - f.low()[1] < 0.5, "a's interval is informative");
    }
}
