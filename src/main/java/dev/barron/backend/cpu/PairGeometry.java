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
     * @param sin        out: sin(theta) &gt;= 0
     */
    static void row(double[] gramRow, double normX, double[] normsY, double[] x, int xOffset, double[] y, int d,
                    int count, int self, double[] theta, double[] cos, double[] sin) {
        if (!VectorApi.PRESENT) {
            for (int j = 0; j < count; j++) {
                theta[j] = j == self ? 0 : angle(gramRow[j], normX, normsY[j], x, xOffset, y, j * d, d);
            }
            cosSin(gramRow, normX, normsY, theta, 0, count, self, cos, sin);
            return;
        }
        VectorAtan2.fromGram(gramRow, 0, normX, normsY, 0, count, theta, cos, sin, 0);
        for (int j = 0; j < count; j++) {
            if (j == self) {
                theta[j] = 0;
                cos[j] = 1;
                sin[j] = 0;
            } else if (Double.isNaN(theta[j])) {
                double t = StableAngle.direct(x, xOffset, normX, y, j * d, normsY[j], d);
                theta[j] = t;
                cos[j] = Math.cos(t);
                sin[j] = Math.sin(t);
            }
        }
    }

    /**
     * The angle of one pair from its Gram entry: atan2(sin, cos) where the Gram cosine is
     * accurate (the same angle as acos to an ulp or two for |cos| &lt;= 0.99, and several times
     * cheaper on the JDK, whose acos is not intrinsified; {@link FdlibmAtan} gives StrictMath's
     * atan2 bit for bit without the JNI call), else the stable direct form.
     * Symmetric bit for bit: swapping x and y divides the same entry by the same product of
     * norms, and the direct form sums the same squares.
     */
    static double angle(double dot, double normX, double normY, double[] x, int xOffset, double[] y, int yOffset,
                        int d) {
        double c = StableAngle.cosine(normX, normY, dot);
        if (StableAngle.gramIsAccurate(c)) {
            return FdlibmAtan.atan2(Math.sqrt((1 - c) * (1 + c)), c);
        }
        return StableAngle.direct(x, xOffset, normX, y, yOffset, normY, d);
    }

    /**
     * cos and sin of a row of angles theta[thetaOffset ..], as {@link #row} pairs them with
     * the angles: the Gram cosine and sqrt((1 - c)(1 + c)) where the Gram is accurate (the
     * values the angle was taken from), else cos and sin of the direct angle.
     */
    static void cosSin(double[] gramRow, double normX, double[] normsY, double[] theta, int thetaOffset, int count,
                       int self, double[] cos, double[] sin) {
        if (VectorApi.PRESENT) {
            VectorAtan2.cosSin(gramRow, 0, normX, normsY, 0, count, cos, sin, 0);
            for (int j = 0; j < count; j++) {
                if (j == self) {
                    cos[j] = 1;
                    sin[j] = 0;
                } else if (!StableAngle.gramIsAccurate(cos[j])) {
                    double t = theta[thetaOffset + j];
                    cos[j] = Math.cos(t);
                    sin[j] = Math.sin(t);
                }
            }
            return;
        }
        for (int j = 0; j < count; j++) {
            if (j == self) {
                cos[j] = 1;
                sin[j] = 0;
                continue;
            }
            double c = StableAngle.cosine(normX, normsY[j], gramRow[j]);
            if (StableAngle.gramIsAccurate(c)) {
                cos[j] = c;
                sin[j] = Math.sqrt((1 - c) * (1 + c));
            } else {
                double t = theta[thetaOffset + j];
                cos[j] = Math.cos(t);
                sin[j] = Math.sin(t);
            }
        }
    }

    /**
     * All angles of the pairs (x_i, x_q) of count rows, row-major count x count, from their
     * full Gram matrix: the leading count x count block of gram, whose rows hold ldg entries
     * (ldg = count, or more when the Gram also covers other rows). Each unordered pair is computed once (the angle is symmetric, see
     * {@link #angle}) and stored at (i, q) and (q, i); the diagonal is exactly 0. The work is
     * cut into TILE x TILE tiles of the upper triangle so that the transposed stores stay in
     * cache, and tile row t is paired with tile row tiles-1-t so that the parallel chunks
     * carry equal work.
     */
    static double[] symmetricAngles(RealArray gram, int ldg, double[] norms, double[] x, int d, int count,
                                    RowParallel parallel) {
        double[] theta = new double[RealArray.checkedSize(count, count)];
        int tiles = (count + TILE - 1) / TILE;
        int pairsOfTileRows = (tiles + 1) / 2;
        parallel.forRows(pairsOfTileRows, (long) TILE * count * 20, (from, to) -> {
            TileScratch sc = new TileScratch();
            for (int t = from; t < to; t++) {
                tileRow(t, gram, ldg, norms, x, d, count, theta, sc);
                if (tiles - 1 - t != t) {
                    tileRow(tiles - 1 - t, gram, ldg, norms, x, d, count, theta, sc);
                }
            }
        });
        return theta;
    }

    /** Tile edge of {@link #symmetricAngles}: a 64 x 64 tile of doubles (32 KiB) fits in L1/L2. */
    private static final int TILE = 64;

    /** One chunk's rows of a tile: its Gram entries, and the angles (cosines and sines unused) of the vector path. */
    private static final class TileScratch {
        final double[] gram = new double[TILE];
        final double[] theta = new double[TILE];
        final double[] cos = new double[TILE];
        final double[] sin = new double[TILE];
    }

    private static void tileRow(int tile, RealArray gram, int ldg, double[] norms, double[] x, int d, int count,
                                double[] theta, TileScratch sc) {
        int i0 = tile * TILE;
        int i1 = Math.min(i0 + TILE, count);
        for (int q0 = i0; q0 < count; q0 += TILE) {
            int q1 = Math.min(q0 + TILE, count);
            for (int i = i0; i < i1; i++) {
                int qs = Math.max(q0, i + 1);
                if (qs >= q1) {
                    continue;
                }
                gram.read(i * ldg + qs, sc.gram, 0, q1 - qs);
                double normI = norms[i];
                if (VectorApi.PRESENT) {
                    VectorAtan2.fromGram(sc.gram, 0, normI, norms, qs, q1 - qs, sc.theta, sc.cos, sc.sin, 0);
                }
                for (int q = qs; q < q1; q++) {
                    double t = VectorApi.PRESENT ? sc.theta[q - qs] : Double.NaN;
                    if (Double.isNaN(t)) {
                        t = angle(sc.gram[q - qs], normI, norms[q], x, i * d, x, q * d, d);
                    }
                    theta[i * count + q] = t;
                    theta[q * count + i] = t;
                }
            }
        }
    }

    /**
     * Euclidean norms of the rows of a row-major rows x d matrix, each {@link StableAngle#norm}
     * to the bit. Four rows whose largest entries need no scaling are summed in one pass: four
     * independent chains of additions, each in index order, where one chain waits on the latency
     * of every addition.
     */
    static double[] rowNorms(double[] x, int rows, int d) {
        double[] n = new double[rows];
        int i = 0;
        for (; i + 4 <= rows; i += 4) {
            if (!plainSums(x, i, d) || !plainSums(x, i + 1, d) || !plainSums(x, i + 2, d)
                    || !plainSums(x, i + 3, d)) {
                for (int r = i; r < i + 4; r++) {
                    n[r] = StableAngle.norm(x, r * d, d);
                }
                continue;
            }
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            int o = i * d;
            for (int t = 0; t < d; t++) {
                double x0 = x[o + t];
                double x1 = x[o + d + t];
                double x2 = x[o + 2 * d + t];
                double x3 = x[o + 3 * d + t];
                s0 += x0 * x0;
                s1 += x1 * x1;
                s2 += x2 * x2;
                s3 += x3 * x3;
            }
            n[i] = Math.sqrt(s0);
            n[i + 1] = Math.sqrt(s1);
            n[i + 2] = Math.sqrt(s2);
            n[i + 3] = Math.sqrt(s3);
        }
        for (; i < rows; i++) {
            n[i] = StableAngle.norm(x, i * d, d);
        }
        return n;
    }

    /** Whether StableAngle.norm sums row r's squares as they are. */
    private static boolean plainSums(double[] x, int r, int d) {
        return StableAngle.plainSumOfSquares(dev.barron.math.RowScaling.maxAbs(x, r * d, d));
    }
}
