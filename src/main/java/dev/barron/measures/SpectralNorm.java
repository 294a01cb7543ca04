package dev.barron.measures;

import dev.barron.model.Check;
import dev.barron.model.Matrix;
import dev.barron.train.Rng;
import org.apache.commons.math3.linear.EigenDecomposition;

/**
 * The largest singular value of a row-major matrix by Lanczos on its smaller Gram matrix
 * (W W^T when m &lt;= d, else W^T W), with full reorthogonalisation (docs/MATH.md section 10.2).
 *
 * <p>Lanczos rather than the power method: for random m x d matrices in the thousands the top
 * singular values crowd together (the edge of the Marchenko-Pastur law), and the power method's
 * rate (sigma_2 / sigma_1)^2 is then close to 1; Lanczos converges in the square root of those
 * steps. Each step costs two products with W (O(m d)); the Krylov basis is at most
 * {@link #MAX_STEPS} vectors of length min(m, d).
 *
 * <p>Convergence: after step j the top Ritz pair (theta, y) of the tridiagonal T_j has the exact
 * residual ||G y - theta y|| = beta_j |s_j| (s the eigenvector of T_j); the iteration stops when
 * that is &lt;= tol * theta, which bounds the eigenvalue's relative error by tol. A zero beta_j means
 * the Krylov space is invariant and theta is exact.
 */
public final class SpectralNorm {

    /** Relative residual at which the top Ritz value is accepted. */
    public static final double TOLERANCE = 1e-12;
    static final int MAX_STEPS = 300;
    private static final long START_KEY = 0x7370656374L;

    /** The result: sigma_max, the Lanczos steps taken and the final relative residual. */
    public record Result(double sigma, int steps, double relativeResidual) {
    }

    private SpectralNorm() {
    }

    public static double of(Matrix w) {
        return compute(w).sigma();
    }

    public static Result compute(Matrix w) {
        Check.finite("matrix", w.data());
        boolean rowsSide = w.rows() <= w.cols();
        int n = rowsSide ? w.rows() : w.cols();
        if (n == 0 || isZero(w.data())) {
            return new Result(0, 0, 0);
        }
        int maxSteps = Math.min(n, MAX_STEPS);
        double[][] q = new double[maxSteps + 1][];
        double[] alpha = new double[maxSteps];
        double[] beta = new double[maxSteps];
        q[0] = startVector(n);
        double theta = 0;
        double residual = Double.POSITIVE_INFINITY;
        for (int j = 0; j < maxSteps; j++) {
            double[] z = gram(w, rowsSide, q[j]);
            alpha[j] = dot(q[j], z);
            // full reorthogonalisation, twice: keeps the Ritz values free of ghost copies
            for (int pass = 0; pass < 2; pass++) {
                for (int i = 0; i <= j; i++) {
                    axpy(-dot(q[i], z), q[i], z);
                }
            }
            beta[j] = Math.sqrt(dot(z, z));
            double[] top = topRitz(alpha, beta, j + 1);
            theta = top[0];
            residual = beta[j] * Math.abs(top[1]);
            if (residual <= TOLERANCE * theta || beta[j] <= TOLERANCE * theta) {
                return new Result(Math.sqrt(theta), j + 1, residual / theta);
            }
            q[j + 1] = scaled(z, 1 / beta[j]);
        }
        return new Result(Math.sqrt(theta), maxSteps, residual / theta);
    }

    /** The largest eigenvalue of T_k and the last component of its unit eigenvector. */
    private static double[] topRitz(double[] alpha, double[] beta, int k) {
        if (k == 1) {
            return new double[]{alpha[0], 1};
        }
        double[] main = java.util.Arrays.copyOf(alpha, k);
        double[] off = java.util.Arrays.copyOf(beta, k - 1);
        EigenDecomposition eig = new EigenDecomposition(main, off);
        double[] values = eig.getRealEigenvalues();
        int best = 0;
        for (int i = 1; i < k; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return new double[]{values[best], eig.getEigenvector(best).getEntry(k - 1)};
    }

    /** G v with G = W W^T (rowsSide) or W^T W, never formed. */
    private static double[] gram(Matrix w, boolean rowsSide, double[] v) {
        int m = w.rows();
        int d = w.cols();
        double[] a = w.data();
        if (rowsSide) {
            double[] t = new double[d];
            for (int i = 0; i < m; i++) {
                for (int c = 0; c < d; c++) {
                    t[c] += a[i * d + c] * v[i];
                }
            }
            double[] out = new double[m];
            for (int i = 0; i < m; i++) {
                out[i] = rowDot(a, i * d, t, d);
            }
            return out;
        }
        double[] t = new double[m];
        for (int i = 0; i < m; i++) {
            t[i] = rowDot(a, i * d, v, d);
        }
        double[] out = new double[d];
        for (int i = 0; i < m; i++) {
            for (int c = 0; c < d; c++) {
                out[c] += a[i * d + c] * t[i];
            }
        }
        return out;
    }

    /** A fixed pseudo-random start: never orthogonal to the top singular vector except by measure-zero chance. */
    private static double[] startVector(int n) {
        double[] v = new double[n];
        Rng.stream(START_KEY, n).gaussians(v);
        return scaled(v, 1 / Math.sqrt(dot(v, v)));
    }

    private static boolean isZero(double[] x) {
        for (double v : x) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    private static double rowDot(double[] a, int off, double[] v, int d) {
        double s = 0;
        for (int c = 0; c < d; c++) {
            s += a[off + c] * v[c];
        }
        return s;
    }

    static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    private static void axpy(double c, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += c * x[i];
        }
    }

    private static double[] scaled(double[] x, double c) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = c * x[i];
        }
        return out;
    }
}
