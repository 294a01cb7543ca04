package dev.barron.experiments;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * The statistics of a rate sweep (docs/MATH.md section 11.3): the exponent of a power law
 * risk ~ A n^beta by least squares on log-log axes with its t interval, and the constant C of the
 * bound R^2/m + C R^2 d^(1/3) n^(-(d+2)/(2d+2)).
 */
public final class RateFit {

    private RateFit() {
    }

    /**
     * log y = log A + beta log x fitted by ordinary least squares over all points (replicates
     * included: their scatter is what the interval measures).
     *
     * @param exponent  beta
     * @param intercept log A
     * @param stdErr    standard error of beta
     * @param low       lower end of the 95% interval, beta - t_{0.975, points-2} stdErr
     * @param high      upper end
     * @param r2        coefficient of determination on log-log axes
     * @param points    points fitted
     */
    public record PowerLaw(double exponent, double intercept, double stdErr, double low, double high, double r2,
                           int points) {
    }

    /** The Liu-Dadi-Cevher exponent of n: -(d+2)/(2d+2). */
    public static double theoryExponent(int d) {
        return -(d + 2.0) / (2.0 * d + 2.0);
    }

    /** Fits y ~ A x^beta; points with y &lt;= 0 (no logarithm) are left out. Needs 3 points or more. */
    public static PowerLaw powerLaw(double[] x, double[] y) {
        int k = 0;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            if (y[i] > 0 && x[i] > 0) {
                k++;
                mx += Math.log(x[i]);
                my += Math.log(y[i]);
            }
        }
        if (k < 3) {
            throw new IllegalArgumentException("a power-law fit needs 3 points with positive values, found " + k);
        }
        mx /= k;
        my /= k;
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            if (y[i] > 0 && x[i] > 0) {
                double u = Math.log(x[i]) - mx;
                double v = Math.log(y[i]) - my;
                sxx += u * u;
                sxy += u * v;
                syy += v * v;
            }
        }
        double beta = sxy / sxx;
        double sse = Math.max(0, syy - beta * sxy);
        double se = Math.sqrt(sse / (k - 2) / sxx);
        double t = new TDistribution(k - 2).inverseCumulativeProbability(0.975);
        double r2 = syy > 0 ? 1 - sse / syy : 1;
        return new PowerLaw(beta, my - beta * mx, se, beta - t * se, beta + t * se, r2, k);
    }

    /**
     * The C &gt; 0 that brings the bound R^2/m + C R^2 d^(1/3) n^(-(d+2)/(2d+2)) closest to the
     * risks in the squares of log differences: a scan of log C over [-30, 30] in steps of 0.5,
     * then golden-section search around the best. The bound is an upper bound up to constants; C
     * states the constant with which it describes these risks.
     */
    public static double boundConstant(double[] n, double[] risk, double radius, int m, int d) {
        double best = -30;
        double bestValue = Double.POSITIVE_INFINITY;
        for (double logC = -30; logC <= 30; logC += 0.5) {
            double v = boundMisfit(logC, n, risk, radius, m, d);
            if (v < bestValue) {
                bestValue = v;
                best = logC;
            }
        }
        double lo = best - 0.5;
        double hi = best + 0.5;
        double g = (Math.sqrt(5) - 1) / 2;
        for (int i = 0; i < 100; i++) {
            double a = hi - g * (hi - lo);
            double b = lo + g * (hi - lo);
            if (boundMisfit(a, n, risk, radius, m, d) <= boundMisfit(b, n, risk, radius, m, d)) {
                hi = b;
            } else {
                lo = a;
            }
        }
        return Math.exp((lo + hi) / 2);
    }

    /**
     * The C of the statistical term alone, risk ~ C R^2 d^(1/3) n^(-(d+2)/(2d+2)): the geometric
     * mean of risk / (R^2 d^(1/3) n^(-(d+2)/(2d+2))), the least-squares constant on log axes. It
     * says how the risks sit against the n-dependence of the bound where the term R^2/m, which
     * does not fall with n, lies above them (a target of width &lt;= m has no approximation error).
     */
    public static double rateConstant(double[] n, double[] risk, double radius, int d) {
        double sum = 0;
        int k = 0;
        for (int i = 0; i < n.length; i++) {
            if (risk[i] > 0) {
                sum += Math.log(risk[i]) - Math.log(radius * radius * Math.cbrt(d) * Math.pow(n[i], theoryExponent(d)));
                k++;
            }
        }
        return Math.exp(sum / k);
    }

    /** R^2/m + C R^2 d^(1/3) n^(-(d+2)/(2d+2)). */
    public static double bound(double c, double n, double radius, int m, int d) {
        double r2 = radius * radius;
        return r2 / m + c * r2 * Math.cbrt(d) * Math.pow(n, theoryExponent(d));
    }

    private static double boundMisfit(double logC, double[] n, double[] risk, double radius, int m, int d) {
        double c = Math.exp(logC);
        double sum = 0;
        for (int i = 0; i < n.length; i++) {
            if (risk[i] > 0) {
                double e = Math.log(risk[i]) - Math.log(bound(c, n[i], radius, m, d));
                sum += e * e;
            }
        }
        return sum;
    }
}
