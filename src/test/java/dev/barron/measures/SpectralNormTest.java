package dev.barron.measures;

import dev.barron.model.Matrix;
import dev.barron.testing.Fixtures;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Lanczos spectral norm against a full SVD (commons-math3), docs/MATH.md section 10.2. */
class SpectralNormTest {

    private static double svd(Matrix w) {
        double[][] rows = new double[w.rows()][];
        for (int i = 0; i < w.rows(); i++) {
            rows[i] = w.row(i);
        }
        return new SingularValueDecomposition(new Array2DRowRealMatrix(rows, false)).getNorm();
    }

    @Test
    void matchesAFullSvdOnEveryShape() {
        SplittableRandom rng = new SplittableRandom(3);
        int[][] shapes = {{1, 1}, {1, 7}, {7, 1}, {5, 5}, {40, 300}, {300, 40}, {120, 120}, {2, 500}};
        for (int[] s : shapes) {
            Matrix w = Fixtures.gaussian(rng, s[0], s[1], 0.7);
            double expected = svd(w);
            SpectralNorm.Result r = SpectralNorm.compute(w);
            assertEquals(expected, r.sigma(), 1e-10 * expected, () -> s[0] + " x " + s[1] + ": " + r);
        }
    }

    @Test
    void lowRankAndRepeatedTopSingularValues() {
        SplittableRandom rng = new SplittableRandom(5);
        // rank 2: u1 v1^T * 3 + u2 v2^T, a Krylov space that closes after two steps
        Matrix u = Fixtures.gaussian(rng, 60, 2, 1);
        Matrix v = Fixtures.gaussian(rng, 2, 90, 1);
        double[] w = new double[60 * 90];
        for (int i = 0; i < 60; i++) {
            for (int c = 0; c < 90; c++) {
                w[i * 90 + c] = 3 * u.get(i, 0) * v.get(0, c) + u.get(i, 1) * v.get(1, c);
            }
        }
        Matrix lowRank = new Matrix(60, 90, w);
        assertEquals(svd(lowRank), SpectralNorm.of(lowRank), 1e-10 * svd(lowRank));
        // 2.5 times the identity: every singular value is the top one
        double[] id = new double[50 * 50];
        for (int i = 0; i < 50; i++) {
            id[i * 50 + i] = 2.5;
        }
        assertEquals(2.5, SpectralNorm.of(new Matrix(50, 50, id)), 1e-13);
        assertEquals(0, SpectralNorm.of(Matrix.zeros(4, 6)));
    }

    @Test
    void convergesForMatricesInTheThousands() {
        // Gaussian 2000 x 1500 with entries N(0, 1): sigma_max ~ sqrt(m) + sqrt(d) (Marchenko-Pastur edge),
        // where the top singular values crowd together and the power method would crawl
        Matrix w = Fixtures.gaussian(new SplittableRandom(9), 2000, 1500, 1);
        SpectralNorm.Result r = SpectralNorm.compute(w);
        assertTrue(r.relativeResidual() <= SpectralNorm.TOLERANCE, r::toString);
        assertTrue(r.steps() < SpectralNorm.MAX_STEPS, r::toString);
        double edge = Math.sqrt(2000) + Math.sqrt(1500);
        assertEquals(edge, r.sigma(), 0.02 * edge, r::toString);
    }
}
