package dev.barron.math;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * Solves (G + s I) x = b for a symmetric positive semi-definite G through its singular value
 * decomposition G = U diag(mu) V^T (for such a G, U = V up to signs where mu &gt; 0), keeping only
 * the directions with mu_i + s above rounding: tol = k eps mu_max. With s = 0 this is the
 * pseudo-inverse G^+ b, the minimum-norm least-squares solution; it stays stable where a
 * Cholesky would not (the interpolation threshold of random features, G singular or nearly).
 * One decomposition serves every shift, so a whole ridge path costs one SVD.
 */
public final class SpectralSolve {

    private final int k;
    private final double[] mu;
    private final double[] u;
    private final double[] v;
    private final double tol;

    /** Decomposes the symmetric k x k row-major g. */
    public SpectralSolve(double[] g, int k) {
        this.k = k;
        double[][] rows = new double[k][];
        for (int i = 0; i < k; i++) {
            rows[i] = java.util.Arrays.copyOfRange(g, i * k, (i + 1) * k);
        }
        SingularValueDecomposition svd = new SingularValueDecomposition(new Array2DRowRealMatrix(rows, false));
        this.mu = svd.getSingularValues();
        this.u = flat(svd.getU());
        this.v = flat(svd.getV());
        this.tol = k * Math.ulp(1.0) * (mu.length == 0 ? 0 : mu[0]);
    }

    private static double[] flat(RealMatrix a) {
        int r = a.getRowDimension();
        int c = a.getColumnDimension();
        double[] out = new double[r * c];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                out[i * c + j] = a.getEntry(i, j);
            }
        }
        return out;
    }

    /** The singular values of G, descending. */
    public double[] singularValues() {
        return mu.clone();
    }

    /** How many directions a solve with shift s keeps. */
    public int rank(double shift) {
        int r = 0;
        for (double x : mu) {
            if (x + shift > tol) {
                r++;
            }
        }
        return r;
    }

    /** x = V diag(1 / (mu + s)) U^T b over the kept directions. */
    public double[] solve(double[] b, double shift) {
        int r = mu.length;
        double[] coef = new double[r];
        for (int j = 0; j < r; j++) {
            if (mu[j] + shift > tol) {
                double s = 0;
                for (int i = 0; i < k; i++) {
                    s += u[i * r + j] * b[i];
                }
                coef[j] = s / (mu[j] + shift);
            }
        }
        double[] x = new double[k];
        for (int i = 0; i < k; i++) {
            double s = 0;
            for (int j = 0; j < r; j++) {
                s += v[i * r + j] * coef[j];
            }
            x[i] = s;
        }
        return x;
    }
}
