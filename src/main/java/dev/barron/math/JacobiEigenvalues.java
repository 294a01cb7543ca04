package dev.barron.math;

/**
 * Eigenvalues of a symmetric matrix by the cyclic Jacobi method: the pure-Java solver behind
 * {@link SymmetricEigen} where LAPACK cannot be loaded.
 *
 * <p>Chosen because it cannot fail: every rotation lowers the off-diagonal Frobenius mass
 * off(A)^2 by exactly 2 a_pq^2, so the sweeps converge (quadratically at the end) for every
 * symmetric input, with no shifts or deflation decisions to go wrong. After the sweeps the
 * diagonal holds the eigenvalues to within off(A) (Weyl), and off(A) is driven below
 * eps * ||A||_F, which is what a backward-stable solver guarantees too. Rotations use
 * Rutishauser's formulas (t from the smaller root, updates written as corrections), which keep
 * the result accurate to a few ulps of ||A||.
 */
public final class JacobiEigenvalues {

    /** More than the method ever needs (about 6 to 10 sweeps for n in the hundreds). */
    static final int MAX_SWEEPS = 60;

    private JacobiEigenvalues() {
    }

    /**
     * The eigenvalues of the symmetric n x n row-major matrix, ascending. Only the upper triangle
     * is read; the input is not modified.
     */
    public static double[] ascending(double[] symmetricRowMajor, int n) {
        double[] a = symmetricRowMajor.clone();
        double frobenius = frobeniusUpper(a, n);
        double target = Math.ulp(1.0) * frobenius;
        for (int sweep = 0; sweep < MAX_SWEEPS && offDiagonal(a, n) > target; sweep++) {
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    rotate(a, n, p, q);
                }
            }
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = a[i * n + i];
        }
        java.util.Arrays.sort(values);
        return values;
    }

    /** Zeroes a[p][q] (and a[q][p]) by one plane rotation, updating the upper triangle only. */
    private static void rotate(double[] a, int n, int p, int q) {
        double apq = a[p * n + q];
        if (apq == 0) {
            return;
        }
        double app = a[p * n + p];
        double aqq = a[q * n + q];
        double theta = (aqq - app) / (2 * apq);
        // t = tan of the rotation angle, the root of t^2 + 2 theta t - 1 = 0 of smaller modulus;
        // for huge theta, 1 / (2 theta) avoids squaring it.
        double t = Math.abs(theta) > 1e150 ? 1 / (2 * theta)
                : Math.signum(theta == 0 ? 1 : theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        double tau = s / (1 + c);
        a[p * n + p] = app - t * apq;
        a[q * n + q] = aqq + t * apq;
        a[p * n + q] = 0;
        for (int r = 0; r < n; r++) {
            if (r == p || r == q) {
                continue;
            }
            double arp = a[upper(r, p, n)];
            double arq = a[upper(r, q, n)];
            a[upper(r, p, n)] = arp - s * (arq + tau * arp);
            a[upper(r, q, n)] = arq + s * (arp - tau * arq);
        }
    }

    /** Index of entry (r, c) in the upper triangle of a symmetric row-major matrix. */
    private static int upper(int r, int c, int n) {
        return r < c ? r * n + c : c * n + r;
    }

    /** sqrt(sum_{p != q} a_pq^2) from the upper triangle. */
    private static double offDiagonal(double[] a, int n) {
        double s = 0;
        for (int p = 0; p < n; p++) {
            for (int q = p + 1; q < n; q++) {
                s += a[p * n + q] * a[p * n + q];
            }
        }
        return Math.sqrt(2 * s);
    }

    private static double frobeniusUpper(double[] a, int n) {
        double s = 0;
        for (int p = 0; p < n; p++) {
            s += a[p * n + p] * a[p * n + p];
            for (int q = p + 1; q < n; q++) {
                s += 2 * a[p * n + q] * a[p * n + q];
            }
        }
        return Math.sqrt(s);
    }
}
