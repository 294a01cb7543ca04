package dev.barron.math;

import dev.barron.backend.cpu.Float64Gram;
import dev.barron.train.Rng;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ridge against a direct solve of the normal equations (Z^T Z + n lambda I) c = Z^T y by LU on the
 * m x m system (whatever side the solver chose), and the minimum-norm fit against the
 * pseudo-inverse Z^+ y from the SVD of Z itself (not of a Gram).
 */
class RidgeRegressionTest {

    static double[] relu(int n, int m, long seed) {
        double[] z = new double[n * m];
        new Rng(seed).gaussians(z);
        for (int i = 0; i < z.length; i++) {
            z[i] = Math.max(0, z[i]) + 0.1;
        }
        return z;
    }

    static RealMatrix matrix(double[] z, int n, int m) {
        double[][] rows = new double[n][m];
        for (int r = 0; r < n; r++) {
            System.arraycopy(z, r * m, rows[r], 0, m);
        }
        return new Array2DRowRealMatrix(rows, false);
    }

    static double maxRelDiff(double[] a, double[] b) {
        double scale = 0;
        double diff = 0;
        for (int i = 0; i < a.length; i++) {
            scale = Math.max(scale, Math.abs(b[i]));
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
        }
        return diff / scale;
    }

    @ParameterizedTest(name = "n {0}, m {1}, lambda {2}")
    @CsvSource({"40, 12, 1e-3", "12, 40, 1e-3", "30, 30, 1e-2", "50, 20, 1e-8"})
    void ridgeMatchesTheNormalEquations(int n, int m, double lambda) {
        double[] z = relu(n, m, 7);
        double[] y = new double[n];
        new Rng(8).gaussians(y);
        RealMatrix zm = matrix(z, n, m);
        RealMatrix a = zm.transpose().multiply(zm);
        for (int i = 0; i < m; i++) {
            a.addToEntry(i, i, n * lambda);
        }
        double[] expected = new LUDecomposition(a).getSolver().solve(zm.transpose().operate(new ArrayRealVector(y)))
                .toArray();
        for (Gram g : new Gram[]{Gram.PLAIN, Float64Gram.BLAS}) {
            RidgeRegression.Fit fit = RidgeRegression.prepare(z, n, m, y, g).fit(lambda);
            assertTrue(maxRelDiff(fit.coef(), expected) < 1e-7, () -> "ridge off by " + maxRelDiff(fit.coef(), expected));
            RidgeRegression.Fit svd = RidgeRegression.prepare(z, n, m, y, g).spectralFit(lambda);
            assertTrue(maxRelDiff(svd.coef(), expected) < 1e-6, () -> "svd ridge off by " + maxRelDiff(svd.coef(), expected));
        }
    }

    @ParameterizedTest(name = "n {0}, m {1}, duplicated columns {2}")
    @CsvSource({"40, 12, 0", "12, 40, 0", "25, 25, 0", "40, 12, 4", "12, 40, 10"})
    void minimumNormFitIsThePseudoInverse(int n, int m, int duplicated) {
        double[] z = relu(n, m, 11);
        for (int j = 0; j < duplicated; j++) {
            for (int r = 0; r < n; r++) {
                z[r * m + j] = z[r * m + m - 1 - j];
            }
        }
        double[] y = new double[n];
        new Rng(12).gaussians(y);
        RealMatrix pinv = new SingularValueDecomposition(matrix(z, n, m)).getSolver().getInverse();
        double[] expected = pinv.operate(y);
        RidgeRegression.Fit fit = RidgeRegression.prepare(z, n, m, y, Float64Gram.BLAS).fit(0);
        assertEquals(RidgeRegression.Route.SVD, fit.route());
        assertEquals(Math.min(n, m - duplicated), fit.rank());
        assertTrue(maxRelDiff(fit.coef(), expected) < 1e-6, () -> "min-norm off by " + maxRelDiff(fit.coef(), expected));
    }

    @org.junit.jupiter.api.Test
    void anIllConditionedCholeskyIsRefusedAndTheSvdSolves() {
        int n = 20;
        int m = 20;
        double[] z = relu(n, m, 3);
        for (int r = 0; r < n; r++) {
            z[r * m] = z[r * m + 1]; // a singular Gram, shifted by a lambda far below rounding of its largest entry
        }
        double[] y = new double[n];
        new Rng(4).gaussians(y);
        RidgeRegression.Fit fit = RidgeRegression.prepare(z, n, m, y, Gram.PLAIN).fit(1e-15);
        assertEquals(RidgeRegression.Route.SVD, fit.route());
        assertTrue(java.util.Arrays.stream(fit.coef()).allMatch(Double::isFinite));
    }
}
