package dev.barron.math;

import java.util.function.DoublePredicate;

/**
 * The bisection of the projection onto {||theta||_P &lt;= R} (docs/MATH.md section 5.2), shared by every
 * backend: P(prox_lambda) is non-increasing in lambda, and at lambda s = 1 no support candidate
 * of the one-neuron prox is left (1 - s lambda^2 &lt;= 0), so P = 0 there and [0, 1/s] brackets
 * the smallest feasible lambda. Each backend supplies the feasibility test on its own device.
 */
public final class LambdaBisection {

    /** More than enough halvings to reach double resolution from [0, 1/s]. */
    public static final int MAX_STEPS = 200;

    private LambdaBisection() {
    }

    /**
     * The smallest lambda in [0, 1/scale] found feasible, to double resolution: the upper end of
     * the final bracket, so feasible(result) held whenever it was tested there. The caller
     * recomputes the prox at the result (the last test may have been at another lambda).
     */
    public static double smallestFeasible(double scale, DoublePredicate feasible) {
        double lo = 0;
        double hi = 1 / scale;
        for (int step = 0; step < MAX_STEPS; step++) {
            double mid = 0.5 * (lo + hi);
            if (!(mid > lo && mid < hi)) {
                break;
            }
            if (feasible.test(mid)) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }
}
