package dev.barron.math;

import dev.barron.model.Check;

import java.util.Arrays;

/**
 * Euclidean projection onto the l1 ball {u : ||u||_1 &lt;= r} by sorting (Duchi, Shalev-Shwartz,
 * Singer and Chandra, ICML 2008): with mu the magnitudes sorted decreasingly,
 * rho = max { j : mu_j - (mu_1 + ... + mu_j - r) / j &gt; 0 }, tau = (mu_1 + ... + mu_rho - r) / rho,
 * and u'_i = sign(u_i) max(|u_i| - tau, 0). O(m log m).
 */
public final class L1BallProjection {

    private L1BallProjection() {
    }

    /** The projection of u (not modified); u itself (copied) when already inside. */
    public static double[] project(double[] u, double radius) {
        Check.nonNegative("radius", radius);
        double[] out = u.clone();
        if (PathNorms.l1Row(u, 0, u.length) <= radius) {
            return out;
        }
        if (radius == 0) {
            Arrays.fill(out, 0);
            return out;
        }
        double[] mu = new double[u.length];
        for (int i = 0; i < u.length; i++) {
            mu[i] = Math.abs(u[i]);
        }
        Arrays.sort(mu);
        double prefix = 0;
        double tau = 0;
        for (int j = 1; j <= mu.length; j++) {
            double value = mu[mu.length - j];
            prefix += value;
            double candidate = (prefix - radius) / j;
            if (value - candidate > 0) {
                tau = candidate;
            } else {
                break;
            }
        }
        for (int i = 0; i < out.length; i++) {
            double shrunk = Math.max(Math.abs(u[i]) - tau, 0);
            out[i] = Math.copySign(shrunk, u[i]);
        }
        return out;
    }
}
