package dev.barron.backend.cpu;

import dev.barron.model.Precision;

/**
 * The forward pass, and the empirical loss and gradient, of a relu network on a batch with few
 * input coordinates, one pass over X in panels ({@link FusedRelu64}, {@link FusedRelu32}: the same register tiles
 * over double and float vectors; the Vector API has a class per element type, so the two are
 * one code path written twice).
 */
interface FusedRelu {

    /** Rows a panel, a multiple of six (the forward tile's rows): its Z stays in the level-2 cache. */
    int PANEL = 48;

    /** One group of rows' sums: grad W transposed (d rounded up to 4, times the padded width) and H^T e. */
    record Part(double[] gradWt, double[] outer) {
    }

    /**
     * Rows from .. to-1 of the batch x (a row-major double[] or float[] of d columns, finite)
     * with targets y: the squared residuals into squared, and this group's sums; scale
     * multiplies D (s / n). Data of the kernel's own element type with d a multiple of four is
     * read in place; other data is copied (and rounded) a panel at a time.
     */
    Part rows(Object x, double[] y, int from, int to, double scale, double[] squared);

    /**
     * f(x_r) = s sum_j a_j relu(z_rj) (rounded to the precision) into f[r] for rows from .. to-1
     * of x, a row-major double[] or float[] of d columns; false, with f partly written, when an
     * entry of those rows is not finite (each panel's rows are checked before they are read).
     */
    boolean forward(Object x, int from, int to, double[] f);

    /** grad W (m x d) from summed {@link Part#gradWt}. */
    double[] gradW(double[] gradWt);

    /**
     * The two products alone over rows from .. to-1, Z = X W^T then Z^T X, with none of the
     * pointwise work between them: what a benchmark compares with a BLAS's GEMM rate (x as
     * for {@link #rows}).
     */
    void productsOnly(Object x, int from, int to);

    static FusedRelu of(Precision precision, double s, double[] w, double[] a, int m, int d) {
        return precision == Precision.F64 ? new FusedRelu64(s, w, a, m, d) : new FusedRelu32(s, w, a, m, d);
    }
}
