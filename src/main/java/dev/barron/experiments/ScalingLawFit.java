package dev.barron.experiments;

import dev.barron.train.Rng;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.DiagonalMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;

import java.util.Arrays;

/**
 * The scaling law L(M, N) = A M^-a + B N^-b + C (Kaplan et al. 2020; docs/MATH.md section 12.7)
 * fitted by Levenberg-Marquardt (commons-math3) to relative residuals (weights 1/L^2: losses
 * that span decades count alike), with A = e^alpha and B = e^beta so that both stay positive,
 * from a small grid of starting exponents (the best fit kept); intervals by the percentile
 * bootstrap over the runs (pairs resampled, a fixed seed: the same runs give the same intervals).
 */
public final class ScalingLawFit {

    /** A, a, B, b, C and the weighted residual sum of squares. */
    public record Law(double bigA, double a, double bigB, double b, double c, double cost) {
        public double at(double m, double n) {
            return bigA * Math.pow(m, -a) + bigB * Math.pow(n, -b) + c;
        }

        double[] values() {
            return new double[]{bigA, a, bigB, b, c};
        }
    }

    /** The fit with 95% percentile-bootstrap intervals, lows and highs in the order A, a, B, b, C. */
    public record WithIntervals(Law law, double[] low, double[] high, int resamples, int failed) {
    }

    private static final double[] STARTS = {0.25, 0.5, 1.0};
    private static final long BOOTSTRAP_SEED = 0x626F6F74L;

    private ScalingLawFit() {
    }

    /** Fits the law to losses at (m_i, n_i); needs five points or more, all losses positive. */
    public static Law fit(double[] m, double[] n, double[] loss) {
        if (m.length < 5) {
            throw new IllegalArgumentException("a scaling-law fit needs 5 points or more, found " + m.length);
        }
        double min = Arrays.stream(loss).min().orElseThrow();
        double max = Arrays.stream(loss).max().orElseThrow();
        if (!(min > 0)) {
            throw new IllegalArgumentException("a scaling-law fit needs positive losses, found " + min);
        }
        double[] w = new double[loss.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = 1 / (loss[i] * loss[i]);
        }
        double mMin = Arrays.stream(m).min().orElseThrow();
        double nMin = Arrays.stream(n).min().orElseThrow();
        Law best = null;
        for (double a0 : STARTS) {
            for (double b0 : STARTS) {
                double[] start = {Math.log((max - min) / 2 * Math.pow(mMin, a0) + 1e-300), a0,
                        Math.log((max - min) / 2 * Math.pow(nMin, b0) + 1e-300), b0, min / 2};
                try {
                    Law l = optimise(m, n, loss, w, start);
                    if (best == null || l.cost() < best.cost()) {
                        best = l;
                    }
                } catch (RuntimeException notConverged) {
                    // a start that diverges or exhausts its budget: the others decide
                }
            }
        }
        if (best == null) {
            throw new IllegalStateException("the scaling-law fit converged from no starting point");
        }
        return best;
    }

    private static Law optimise(double[] m, double[] n, double[] loss, double[] w, double[] start) {
        MultivariateJacobianFunction model = theta -> {
            double ea = Math.exp(theta.getEntry(0));
            double a = theta.getEntry(1);
            double eb = Math.exp(theta.getEntry(2));
            double b = theta.getEntry(3);
            double[] v = new double[m.length];
            double[][] j = new double[m.length][5];
            for (int i = 0; i < m.length; i++) {
                double pm = Math.pow(m[i], -a);
                double pn = Math.pow(n[i], -b);
                v[i] = ea * pm + eb * pn + theta.getEntry(4);
                j[i] = new double[]{ea * pm, -ea * pm * Math.log(m[i]), eb * pn, -eb * pn * Math.log(n[i]), 1};
            }
            return new Pair<>(new ArrayRealVector(v, false), new Array2DRowRealMatrix(j, false));
        };
        LeastSquaresOptimizer.Optimum o = new LevenbergMarquardtOptimizer().optimize(new LeastSquaresBuilder()
                .model(model).target(loss).start(start).weight(new DiagonalMatrix(w)).maxEvaluations(10_000)
                .maxIterations(10_000).build());
        RealVector t = o.getPoint();
        double cost = o.getCost() * o.getCost();
        if (!Double.isFinite(cost)) {
            throw new IllegalStateException("non-finite cost");
        }
        return new Law(Math.exp(t.getEntry(0)), t.getEntry(1), Math.exp(t.getEntry(2)), t.getEntry(3), t.getEntry(4), cost);
    }

    /** The fit and the 2.5% and 97.5% percentiles of resamples refits (resamples that fail to fit are counted, not used). */
    public static WithIntervals withIntervals(double[] m, double[] n, double[] loss, int resamples) {
        Law law = fit(m, n, loss);
        Rng rng = new Rng(BOOTSTRAP_SEED);
        double[][] draws = new double[5][resamples];
        int ok = 0;
        int k = m.length;
        for (int r = 0; r < resamples; r++) {
            double[] bm = new double[k];
            double[] bn = new double[k];
            double[] bl = new double[k];
            for (int i = 0; i < k; i++) {
                int j = rng.nextInt(k);
                bm[i] = m[j];
                bn[i] = n[j];
                bl[i] = loss[j];
            }
            try {
                double[] v = fit(bm, bn, bl).values();
                for (int p = 0; p < 5; p++) {
                    draws[p][ok] = v[p];
                }
                ok++;
            } catch (RuntimeException degenerate) {
                // a resample with too few distinct points: left out, and counted
            }
        }
        double[] low = new double[5];
        double[] high = new double[5];
        for (int p = 0; p < 5; p++) {
            double[] s = Arrays.copyOf(draws[p], ok);
            Arrays.sort(s);
            low[p] = ok == 0 ? Double.NaN : s[(int) Math.floor(0.025 * (ok - 1))];
            high[p] = ok == 0 ? Double.NaN : s[(int) Math.ceil(0.975 * (ok - 1))];
        }
        return new WithIntervals(law, low, high, ok, resamples - ok);
    }
}
