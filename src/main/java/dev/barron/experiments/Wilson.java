package dev.barron.experiments;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.interval.ConfidenceInterval;
import org.apache.commons.math3.stat.interval.WilsonScoreInterval;

/**
 * The Wilson score interval for a binomial proportion (better than the normal one near 0 and 1),
 * computed by commons-math3; this adds what a survey table needs around it: an interval for no
 * trials, and bounds that are exactly 0 and 1 at x = 0 and x = n.
 */
public final class Wilson {

    /** z for a two-sided 95% interval. */
    public static final double Z95 = 1.959963984540054;

    private Wilson() {
    }

    /** {low, high} for x successes in n trials at the two-sided level of z; {0, 1} when n = 0. */
    public static double[] interval(int x, int n, double z) {
        if (n == 0) {
            return new double[]{0, 1};
        }
        double level = 2 * new NormalDistribution().cumulativeProbability(z) - 1;
        ConfidenceInterval ci = new WilsonScoreInterval().createInterval(n, x, level);
        // At x = 0 (x = n) the bound is exactly 0 (1); the formula leaves a rounding residue there.
        double low = x == 0 ? 0 : Math.max(0, ci.getLowerBound());
        double high = x == n ? 1 : Math.min(1, ci.getUpperBound());
        return new double[]{low, high};
    }
}
