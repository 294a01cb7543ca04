package dev.barron.math;

import dev.barron.model.Check;

import java.util.Arrays;

/**
 * The exact proximal map of lambda |a| ||w||_1 for one neuron (docs/MATH.md section 5.1):
 * <pre>
 *   min_{a, w} 1/2 (a - a0)^2 + 1/2 ||w - w0||^2 + lambda |a| ||w||_1.
 * </pre>
 * Non-convex, solved exactly in O(d log d) by enumerating the stationary points (after Latorre,
 * Rolland, Hallak and Cevher, ICML 2020). With A = |a0|, W = |w0| sorted decreasingly and
 * prefix sums S_s = W_(1) + ... + W_(s), the candidates are, in this order:
 * <ol>
 *   <li>(0, W), objective A^2 / 2;</li>
 *   <li>(A, 0), objective ||W||^2 / 2;</li>
 *   <li>for s = 1..d with 1 - s lambda^2 &gt; 0: a_s = (A - lambda S_s) / (1 - s lambda^2), valid iff
 *       a_s &gt;= 0, W_(s) - lambda a_s &gt; 0 and (s = d or W_(s+1) &lt;= lambda a_s); then
 *       w_j = max(W_j - lambda a_s, 0), objective
 *       (a_s - A)^2 / 2 + s (lambda a_s)^2 / 2 + T_s / 2 + lambda a_s (S_s - s lambda a_s)
 *       with the tail T_s = sum_{j &gt; s} W_(j)^2 (a suffix sum, free of cancellation).</li>
 * </ol>
 * The first valid candidate of least objective wins (ties keep the earlier one: every backend
 * breaks them the same way). Signs are restored at the end: a = sign(a0) a, w_j = sign(w0_j) w_j,
 * with sign(0) = +1. This class is the scalar reference the accelerator kernels are tested against.
 *
 * <p>{@link Sorted} keeps the sort and the prefix sums of one neuron so that a bisection on
 * lambda (projection onto the path-norm ball) pays O(d log d) once and O(d) per lambda.
 *
 * <p>Magnitudes: the objective is 2-homogeneous in (a, w, a0, w0) jointly at fixed lambda, so
 * prox(c theta0) = c prox(theta0) for c &gt; 0. The candidates are compared on the neuron scaled by
 * the power of two that brings max(|a0|, max |w0|) into [1/2, 1) ({@link RowScaling}): squares
 * such as ||W||^2 neither overflow (rows of 1e200) nor underflow (1e-200), and the choice is the
 * one of the exact problem. The power is exact and goes back onto the result (objective and path
 * term by its square).
 */
public final class NeuronProx {

    /** Candidate code: a = 0, w = w0. */
    public static final int ZERO_OUTER = -1;
    /** Candidate code: a = a0, w = 0. */
    public static final int ZERO_INNER = 0;

    private NeuronProx() {
    }

    /**
     * The chosen candidate.
     *
     * @param support   ZERO_OUTER, ZERO_INNER, or the support size s &gt;= 1
     * @param outer     |a| at the prox
     * @param threshold lambda |a|: the amount subtracted from the top-s magnitudes (0 otherwise)
     * @param objective the prox objective at the solution
     * @param pathTerm  |a| ||w||_1 at the solution
     */
    public record Choice(int support, double outer, double threshold, double objective, double pathTerm) {
    }

    /**
     * Prox of one neuron: a0 and w0[off .. off+d), result written to wOut[outOff ..].
     *
     * @return the chosen candidate, with its objective and path-norm term
     */
    public static Choice apply(double lambda, double a0, double[] w0, int off, int d, double[] aOut, int aIndex,
                               double[] wOut, int outOff) {
        Sorted sorted = new Sorted(a0, w0, off, d);
        Choice c = sorted.choose(lambda);
        sorted.write(c, a0, w0, off, aOut, aIndex, wOut, outOff);
        return c;
    }

    /** The prox objective of a given point (a, w) for the problem at (a0, w0): the definition, for tests. */
    public static double objective(double lambda, double a0, double[] w0, double a, double[] w) {
        double sq = 0;
        double l1 = 0;
        for (int t = 0; t < w.length; t++) {
            sq += (w[t] - w0[t]) * (w[t] - w0[t]);
            l1 += Math.abs(w[t]);
        }
        return 0.5 * (a - a0) * (a - a0) + 0.5 * sq + lambda * Math.abs(a) * l1;
    }

    /** One neuron's magnitudes, sorted decreasingly, with their prefix sums and tail sums of squares. */
    public static final class Sorted {
        /** The power of two the magnitudes below are divided by (see the class comment). */
        private final int exponent;
        private final double outerMagnitude;
        private final double[] magnitudes;
        private final double[] prefix;
        private final double[] tailSquares;

        public Sorted(double a0, double[] w0, int off, int d) {
            double max = Math.abs(a0);
            for (int t = 0; t < d; t++) {
                max = Math.max(max, Math.abs(w0[off + t]));
            }
            exponent = RowScaling.exponent(max);
            outerMagnitude = Math.scalb(Math.abs(a0), -exponent);
            double[] ascending = new double[d];
            for (int t = 0; t < d; t++) {
                ascending[t] = Math.scalb(Math.abs(w0[off + t]), -exponent);
            }
            Arrays.sort(ascending);
            magnitudes = new double[d];
            for (int t = 0; t < d; t++) {
                magnitudes[t] = ascending[d - 1 - t];
            }
            prefix = new double[d + 1];
            for (int t = 0; t < d; t++) {
                prefix[t + 1] = prefix[t] + magnitudes[t];
            }
            tailSquares = new double[d + 1];
            for (int t = d - 1; t >= 0; t--) {
                tailSquares[t] = tailSquares[t + 1] + magnitudes[t] * magnitudes[t];
            }
        }

        /** The best valid candidate at this lambda, in the neuron's own units. */
        public Choice choose(double lambda) {
            Choice c = chooseScaled(lambda);
            return new Choice(c.support(), Math.scalb(c.outer(), exponent), Math.scalb(c.threshold(), exponent),
                    Math.scalb(c.objective(), 2 * exponent), Math.scalb(c.pathTerm(), 2 * exponent));
        }

        /** The best valid candidate for the scaled neuron. */
        private Choice chooseScaled(double lambda) {
            Check.nonNegative("lambda", lambda);
            double big = outerMagnitude;
            int d = magnitudes.length;
            Choice best = new Choice(ZERO_OUTER, 0, 0, 0.5 * big * big, 0);
            if (0.5 * tailSquares[0] < best.objective()) {
                best = new Choice(ZERO_INNER, big, 0, 0.5 * tailSquares[0], 0);
            }
            for (int s = 1; s <= d; s++) {
                double denominator = 1 - s * lambda * lambda;
                if (!(denominator > 0)) {
                    break;
                }
                double as = (big - lambda * prefix[s]) / denominator;
                double shift = lambda * as;
                boolean valid = as >= 0 && magnitudes[s - 1] - shift > 0 && (s == d || magnitudes[s] <= shift);
                if (!valid) {
                    continue;
                }
                double l1 = prefix[s] - s * shift;
                double objective = 0.5 * (as - big) * (as - big) + 0.5 * s * shift * shift
                        + 0.5 * tailSquares[s] + shift * l1;
                if (objective < best.objective()) {
                    best = new Choice(s, as, shift, objective, as * l1);
                }
            }
            return best;
        }

        /** Writes the prox point of a choice, signs restored, to aOut[aIndex] and wOut[outOff ..]. */
        public void write(Choice c, double a0, double[] w0, int off, double[] aOut, int aIndex, double[] wOut,
                          int outOff) {
            int d = magnitudes.length;
            aOut[aIndex] = a0 < 0 && c.outer() != 0 ? -c.outer() : c.outer();
            for (int t = 0; t < d; t++) {
                double v = w0[off + t];
                double magnitude;
                if (c.support() == ZERO_OUTER) {
                    magnitude = Math.abs(v);
                } else if (c.support() == ZERO_INNER) {
                    magnitude = 0;
                } else {
                    magnitude = Math.max(Math.abs(v) - c.threshold(), 0);
                }
                wOut[outOff + t] = v < 0 ? -magnitude : magnitude;
            }
        }
    }
}
