package dev.barron.backend.cpu;

import dev.barron.math.StableAngle;

/**
 * Angles of one row of pairs (x_i, y_j), j = 0 .. count-1, from a row of the Gram matrix, with
 * the stable difference formula for the nearly (anti)parallel pairs where the Gram cosine
 * loses digits (see {@link StableAngle}). The self pair (j = self) is exactly theta = 0,
 * cos = 1, sin = 0, as {@link dev.barron.math.GaussianKernel} expects; a zero vector gives
 * theta = pi/2 (cos = 0, sin = 1).
 */
final class PairGeometry {

    private PairGeometry() {
    }

    /**
     * @param gramRow    the dot products x_i . y_j
     * @param normX      |x_i|
     * @param normsY     |y_j|
     * @param x          row-major rows holding x_i at xOffset
     * @param y          row-major rows y_j (length count * d)
     * @param self       the index j that is x_i itself, or -1
     * @param theta      out: angles in [0, pi]
     * @param cos        out: cos(theta)
     * @param sin        out: sin(theta) >= 0
     */
    static void row(double[] gramRow, double normX, double[] normsY, double[] x, int xOffset, double[] y, int d,
                    int count, int self, double[] theta, double[] cos, double[] sin) {
        for (int j = 0; j < count; j++) {
            if (j == self) {
                theta[j] = 0;
                cos[j] = 1;
                sin[j] = 0;
                continue;
            }
            double c = StableAngle.cosine(normX, normsY[j], gramRow[j]);
            if (StableAngle.gramIsAccurate(c)) {
                // atan2(sin, cos) rather than acos: the same angle to an ulp or two for
                // |cos| <= 0.99, and several times cheaper on the JDK (acos is not intrinsified).
                double sn = Math.sqrt((1 - c) * (1 + c));
                theta[j] = Math.atan2(sn, c);
                cos[j] = c;
                sin[j] = sn;
            } else {
                double t = StableAngle.direct(x, xOffset, normX, y, j * d, normsY[j], d);
                theta[j] = t;
                cos[j] = Math.cos(t);
                sin[j] = Math.sin(t);
            }
        }
    }

    /** Euclidean norms of the rows of a row-major rows x d matrix. */
    static double[] rowNorms(double[] x, int rows, int d) {
        double[] n = new double[rows];
        for (int i = 0; i < rows; i++) {
            n[i] = StableAngle.norm(x, i * d, d);
        }
        return n;
    }
}
