package dev.barron.measures;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kendall's tau-b (O(n log n)) against a brute-force count of every pair, ties included (docs/MATH.md section 10.3). */
class KendallTauTest {

    /** (C - D) / sqrt((n0 - n1)(n0 - n2)) from all n(n-1)/2 pairs. */
    static double bruteForce(double[] x, double[] y) {
        long concordantMinusDiscordant = 0;
        long tiedX = 0;
        long tiedY = 0;
        long pairs = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
                pairs++;
                concordantMinusDiscordant += (long) Math.signum(x[i] - x[j]) * (long) Math.signum(y[i] - y[j]);
                tiedX += x[i] == x[j] ? 1 : 0;
                tiedY += y[i] == y[j] ? 1 : 0;
            }
        }
        return concordantMinusDiscordant / Math.sqrt((double) (pairs - tiedX) * (pairs - tiedY));
    }

    @Test
    void matchesTheBruteForceCountWithAndWithoutTies() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int trial = 0; trial < 400; trial++) {
            int n = 2 + rng.nextInt(80);
            int levels = trial % 4 == 0 ? 1_000_000 : 2 + rng.nextInt(6); // few levels: many ties
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = rng.nextInt(levels);
                y[i] = trial % 3 == 0 ? x[i] + rng.nextInt(3) : rng.nextInt(levels);
            }
            double expected = bruteForce(x, y);
            double got = KendallTau.tauB(x, y);
            if (Double.isNaN(expected)) {
                assertTrue(Double.isNaN(got), "trial " + trial);
            } else {
                assertEquals(expected, got, 1e-12, "trial " + trial + ", n = " + n);
            }
        }
    }

    @Test
    void knownValues() {
        double[] x = {1, 2, 3, 4, 5};
        assertEquals(1, KendallTau.tauB(x, new double[]{2, 4, 6, 8, 10}), 0);
        assertEquals(-1, KendallTau.tauB(x, new double[]{5, 4, 3, 2, 1}), 0);
        assertTrue(Double.isNaN(KendallTau.tauB(x, new double[]{7, 7, 7, 7, 7})));
        // scipy.stats.kendalltau([1, 2, 2, 3], [1, 3, 2, 2]) = 0.4 (tau-b)
        assertEquals(0.4, KendallTau.tauB(new double[]{1, 2, 2, 3}, new double[]{1, 3, 2, 2}), 1e-12);
    }

    @Test
    void granulatedTauAveragesWithinGroupsThatDifferInOneAxis() {
        // axes (p, q), seed s: gap = p - q on a 2 x 2 grid; measure = p + q
        // axis p: groups (q, s) of two networks, measure and gap rise together: tau = 1
        // axis q: measure rises, gap falls: tau = -1; Psi = 0
        double[] measure = new double[8];
        double[] gap = new double[8];
        String[][] coords = new String[8][];
        int r = 0;
        for (int s = 0; s < 2; s++) {
            for (int p = 0; p < 2; p++) {
                for (int q = 0; q < 2; q++) {
                    measure[r] = p + q + 0.01 * s;
                    gap[r] = p - q + 0.1 * s;
                    coords[r++] = new String[]{"" + p, "" + q, "" + s};
                }
            }
        }
        RankCorrelation.Granulated g = RankCorrelation.granulated(measure, gap, coords, List.of("p", "q"), 200, 1);
        assertEquals(1, g.perAxis().get("p"), 0);
        assertEquals(-1, g.perAxis().get("q"), 0);
        assertEquals(0, g.psi().value(), 1e-15);
        Interval tau = RankCorrelation.tau(measure, gap, 500, 1);
        assertEquals(KendallTau.tauB(measure, gap), tau.value());
        assertTrue(tau.low() <= tau.value() && tau.value() <= tau.high() && tau.low() >= -1 && tau.high() <= 1, tau::toString);
    }
}
