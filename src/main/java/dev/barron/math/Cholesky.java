package dev.barron.math;

/**
 * The Cholesky factor of a symmetric positive definite matrix, refused (null) when it would be
 * ill-conditioned: a pivot L_ii^2 below minPivotRatio times the largest diagonal entry means the
 * matrix is within rounding of singular, and a solve through it would amplify rounding by the
 * inverse of that ratio. Callers then fall back to a spectral (SVD) solve.
 */
public final class Cholesky {

    private Cholesky() {
    }

    /** The lower factor L (row-major n x n, A = L L^T) of a's lower triangle, or null (see class). */
    public static double[] factor(double[] a, int n, double minPivotRatio) {
        double maxDiag = 0;
        for (int i = 0; i < n; i++) {
            maxDiag = Math.max(maxDiag, a[i * n + i]);
        }
        double floor = minPivotRatio * maxDiag;
        double[] l = new double[n * n];
        for (int j = 0; j < n; j++) {
            double pivot = a[j * n + j] - dot(l, j * n, j * n, j);
            if (!(pivot > floor) || pivot <= 0) {
                return null;
            }
            double ljj = Math.sqrt(pivot);
            l[j * n + j] = ljj;
            for (int i = j + 1; i < n; i++) {
                l[i * n + j] = (a[i * n + j] - dot(l, i * n, j * n, j)) / ljj;
            }
        }
        return l;
    }

    /** x with L L^T x = b: forward, then back substitution. */
    public static double[] solve(double[] l, int n, double[] b) {
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = (b[i] - dot(l, i * n, z, i)) / l[i * n + i];
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = z[i];
            for (int k = i + 1; k < n; k++) {
                s -= l[k * n + i] * x[k];
            }
            x[i] = s / l[i * n + i];
        }
        return x;
    }

    private static double dot(double[] l, int rowI, int rowJ, int len) {
        double s = 0;
        for (int k = 0; k < len; k++) {
            s += l[rowI + k] * l[rowJ + k];
        }
        return s;
    }

    private static double dot(double[] l, int row, double[] v, int len) {
        double s = 0;
        for (int k = 0; k < len; k++) {
            s += l[row + k] * v[k];
        }
        return s;
    }
}
