package dev.barron.testing;

import dev.barron.math.NeuronProx;

/**
 * Brute-force minimum of the one-neuron prox objective that does not enumerate the candidates
 * of docs/MATH.md section 5.1: for a fixed a the problem is convex in w with the soft-threshold solution
 * w_j = sign(w0_j) max(|w0_j| - lambda |a|, 0), so the minimum is a 1-D search over a (a
 * fine grid with a = 0 included, then golden-section refinement around the best grid point).
 */
public final class ProxBruteForce {

    private ProxBruteForce() {
    }

    public static double minimum(double lambda, double a0, double[] w0) {
        double range = Math.abs(a0) + 1;
        int n = 4001;
        double best = phi(lambda, a0, w0, 0);
        double bestA = 0;
        double step = 2 * range / (n - 1);
        for (int q = 0; q < n; q++) {
            double a = -range + q * step;
            double v = phi(lambda, a0, w0, a);
            if (v < best) {
                best = v;
                bestA = a;
            }
        }
        // refine around the best grid point (phi is piecewise smooth; the bracket holds its local minimum)
        double lo = bestA - step;
        double hi = bestA + step;
        double g = (Math.sqrt(5) - 1) / 2;
        for (int it = 0; it < 100; it++) {
            double x1 = hi - g * (hi - lo);
            double x2 = lo + g * (hi - lo);
            if (phi(lambda, a0, w0, x1) < phi(lambda, a0, w0, x2)) {
                hi = x2;
            } else {
                lo = x1;
            }
        }
        return Math.min(best, phi(lambda, a0, w0, 0.5 * (lo + hi)));
    }

    /** min over w of the prox objective at fixed a: the soft-threshold point. */
    private static double phi(double lambda, double a0, double[] w0, double a) {
        double tau = lambda * Math.abs(a);
        double[] w = new double[w0.length];
        for (int t = 0; t < w0.length; t++) {
            w[t] = Math.signum(w0[t]) * Math.max(Math.abs(w0[t]) - tau, 0);
        }
        return NeuronProx.objective(lambda, a0, w0, a, w);
    }
}
