package dev.barron.experiments;

import dev.barron.train.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateFitTest {

    private static final double[] GRID = {100, 316, 1000, 3162, 10000, 31623, 100000};

    /** Synthetic risks A n^beta e^(sigma z), five replicates per n, as a rate sweep has them. */
    private static double[][] synthetic(double beta, double sigma, long seed) {
        Rng rng = new Rng(seed);
        double[] n = new double[GRID.length * 5];
        double[] y = new double[n.length];
        for (int i = 0; i < n.length; i++) {
            n[i] = GRID[i / 5];
            y[i] = 0.3 * Math.pow(n[i], beta) * Math.exp(sigma * rng.nextGaussian());
        }
        return new double[][]{n, y};
    }

    @Test
    void exponentOfAnExactPowerLawIsRecoveredToRounding() {
        double[][] s = synthetic(-0.6, 0, 1);
        RateFit.PowerLaw p = RateFit.powerLaw(s[0], s[1]);
        assertEquals(-0.6, p.exponent(), 1e-12);
        assertEquals(Math.log(0.3), p.intercept(), 1e-10);
        assertEquals(1.0, p.r2(), 1e-12);
    }

    @Test
    void theIntervalCoversTheTrueExponentAboutNinetyFivePercentOfTheTime() {
        int covered = 0;
        int trials = 400;
        for (int t = 0; t < trials; t++) {
            double[][] s = synthetic(-0.55, 0.3, 100 + t);
            RateFit.PowerLaw p = RateFit.powerLaw(s[0], s[1]);
            assertTrue(p.low() < p.exponent() && p.exponent() < p.high());
            if (p.low() <= -0.55 && -0.55 <= p.high()) {
                covered++;
            }
        }
        // binomial(400, 0.95): sd 1.1%; 91%..99% is more than 3.5 sd either side
        double rate = covered / (double) trials;
        assertTrue(rate > 0.91 && rate < 0.99, "coverage " + rate);
    }

    @Test
    void theIntervalNarrowsLikeOneOverRootN() {
        double[][] s = synthetic(-0.7, 0.2, 7);
        RateFit.PowerLaw p = RateFit.powerLaw(s[0], s[1]);
        // the standard error of an OLS slope: sigma / sqrt(sum (log n - mean)^2)
        double mean = 0;
        for (double n : s[0]) {
            mean += Math.log(n);
        }
        mean /= s[0].length;
        double sxx = 0;
        for (double n : s[0]) {
            sxx += (Math.log(n) - mean) * (Math.log(n) - mean);
        }
        assertEquals(0.2 / Math.sqrt(sxx), p.stdErr(), 0.35 * 0.2 / Math.sqrt(sxx));
    }

    @Test
    void boundConstantIsRecoveredFromRisksOnTheBoundAndIsPositive() {
        int d = 10;
        int m = 32;
        double radius = 1.5;
        double c = 0.37;
        double[] risk = new double[GRID.length];
        for (int i = 0; i < GRID.length; i++) {
            risk[i] = RateFit.bound(c, GRID[i], radius, m, d);
        }
        double fitted = RateFit.boundConstant(GRID, risk, radius, m, d);
        assertTrue(fitted > 0);
        assertEquals(c, fitted, 1e-6 * c);
        // by hand: R^2/m + C R^2 d^(1/3) n^(-12/22) at n = 100
        assertEquals(2.25 / 32 + 0.37 * 2.25 * Math.cbrt(10) * Math.pow(100, -12.0 / 22), risk[0], 1e-15);
    }

    @Test
    void boundConstantStaysPositiveWhenTheApproximationTermAloneOverestimates() {
        double[] risk = new double[GRID.length];
        java.util.Arrays.fill(risk, 1e-6);
        double fitted = RateFit.boundConstant(GRID, risk, 1, 8, 5);
        assertTrue(fitted > 0 && fitted < 1e-10, "C " + fitted);
    }

    @Test
    void rateConstantIsRecoveredFromRisksOnTheStatisticalTerm() {
        double[] risk = new double[GRID.length];
        for (int i = 0; i < GRID.length; i++) {
            risk[i] = 0.05 * 4 * Math.cbrt(20) * Math.pow(GRID[i], -22.0 / 42);
        }
        assertEquals(0.05, RateFit.rateConstant(GRID, risk, 2, 20), 1e-12);
    }

    @Test
    void theoryExponents() {
        assertEquals(-7.0 / 12, RateFit.theoryExponent(5), 0);
        assertEquals(-12.0 / 22, RateFit.theoryExponent(10), 0);
        assertEquals(-22.0 / 42, RateFit.theoryExponent(20), 0);
    }
}
