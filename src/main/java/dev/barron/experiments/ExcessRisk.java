package dev.barron.experiments;

import dev.barron.backend.Backend;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Teacher;
import dev.barron.train.Rng;

/** ||f - f*||^2 in L2 of the input distribution (docs/MATH.md section 11.2). */
public final class ExcessRisk {

    private static final int CHUNK_ROWS = 1 << 15;

    private ExcessRisk() {
    }

    /** An estimate and its standard error. */
    public record Estimate(double value, double stdErr) {
    }

    /** Under x ~ N(0, I): twice the closed-form population loss (which carries 1/2), exact. */
    public static double gaussian(Backend backend, Network f, Teacher target) {
        return Math.max(0, 2 * backend.populationLossAndGradient(f, target).loss());
    }

    /**
     * The mean of (f(x) - f*(x))^2 over `points` fresh draws of the stream (seed, keys), by the
     * batched forward in chunks (so that 10^6 points need no 10^6 x d matrix), with the standard
     * error sqrt(sample variance / points).
     */
    public static Estimate monteCarlo(Backend backend, Network f, Teacher target, InputDistribution inputs,
                                      int points, Rng rng) {
        Network star = ErmTarget.asNetwork(target);
        int d = f.inputDim();
        double mean = 0;
        double m2 = 0;
        long count = 0;
        for (int from = 0; from < points; from += CHUNK_ROWS) {
            int rows = Math.min(CHUNK_ROWS, points - from);
            double[] x = new double[rows * d];
            inputs.fill(rng, x);
            Matrix xs = new Matrix(rows, d, x);
            double[] fx = backend.forward(xs, f);
            double[] gx = backend.forward(xs, star);
            for (int r = 0; r < rows; r++) {
                double e = fx[r] - gx[r];
                double sq = e * e;
                count++;
                // Welford: a one-pass variance without the cancellation of E[x^2] - E[x]^2
                double delta = sq - mean;
                mean += delta / count;
                m2 += delta * (sq - mean);
            }
        }
        double variance = count > 1 ? m2 / (count - 1) : 0;
        return new Estimate(mean, Math.sqrt(variance / count));
    }
}
