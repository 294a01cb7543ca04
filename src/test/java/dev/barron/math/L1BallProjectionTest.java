package dev.barron.math;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The sort-based l1-ball projection against its optimality condition solved independently:
 * the projection of u outside the ball is sign(u) max(|u| - tau, 0) with tau > 0 the root of
 * sum max(|u_i| - tau, 0) = r, found here by bisection.
 */
class L1BallProjectionTest {

    @Test
    void matchesTheThresholdFoundByBisection() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int trial = 0; trial < 200; trial++) {
            int m = 1 + rng.nextInt(20);
            double[] u = new double[m];
            for (int i = 0; i < m; i++) {
                u[i] = rng.nextGaussian() * 2;
            }
            double norm = PathNorms.l1Row(u, 0, m);
            double r = norm * rng.nextDouble() * 1.3;
            double[] p = L1BallProjection.project(u, r);
            if (norm <= r) {
                assertArrayEquals(u, p, 0);
                continue;
            }
            double lo = 0;
            double hi = norm;
            for (int it = 0; it < 200; it++) {
                double mid = 0.5 * (lo + hi);
                double s = 0;
                for (double x : u) {
                    s += Math.max(Math.abs(x) - mid, 0);
                }
                if (s > r) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            for (int i = 0; i < m; i++) {
                assertEquals(Math.signum(u[i]) * Math.max(Math.abs(u[i]) - hi, 0), p[i], 1e-12, "trial " + trial);
            }
            assertEquals(r, PathNorms.l1Row(p, 0, m), 1e-12 * (1 + r));
        }
    }

    @Test
    void zeroRadiusAndBadRadius() {
        assertArrayEquals(new double[3], L1BallProjection.project(new double[]{1, -2, 3}, 0), 0);
        assertThrows(IllegalArgumentException.class, () -> L1BallProjection.project(new double[]{1}, -1));
    }
}
