package dev.barron.experiments;

/** The Wilson score interval for a binomial proportion (better than the normal one near 0 and 1). */
public final class Wilson {

    /** z for a two-sided 95% interval. */
    public static final double Z95 = 1.959963984540054;

    private Wilson() {
    }

    /** {low, high} for x successes in n trials; {0, 1} when n = 0. */
    public static double[] interval(int x, int n, double z) {
        if (n == 0) {
            return new double[]{0, 1};
        }
        double p = x / (double) n;
        double z2 = z * z;
        double denom = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denom;
        double half = z / denom * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new double[]{Math.max(0, centre - half), Math.min(1, centre + half)};
    }
}
