package dev.barron.backend.cpu;

/**
 * Row-major matrix products on {@link RealArray}s through a real BLAS ({@link Blas}: dgemm/sgemm,
 * dsyrk/ssyrk), dispatching on the storage precision.
 *
 * <p>BLAS is column-major. A row-major r x c matrix is the column-major c x r matrix of its
 * transpose, so the row-major product C = op(A) op(B) is computed as the column-major product
 * C^T = op(B)^T op(A)^T: the operands swap places and the transpose flags stay as they are.
 */
final class Gemm {

    private final Blas blas;

    Gemm(Blas blas) {
        this.blas = blas;
    }

    /**
     * C = alpha op(A) op(B) + beta C, all row-major; op(A) is rows x inner, op(B) is inner x cols.
     *
     * @param transA whether A is stored as inner x rows (A^T is used)
     * @param transB whether B is stored as cols x inner (B^T is used)
     */
    void multiply(boolean transA, boolean transB, int rows, int cols, int inner, double alpha,
                  RealArray a, RealArray b, double beta, RealArray c) {
        if (rows == 0 || cols == 0) {
            return;
        }
        if (inner == 0) {
            scale(c, rows * cols, beta);
            return;
        }
        int lda = Math.max(1, transA ? rows : inner);
        int ldb = Math.max(1, transB ? inner : cols);
        int ldc = Math.max(1, cols);
        blas.gemm(transB, transA, cols, rows, inner, alpha, b, ldb, a, lda, beta, c, ldc);
    }

    /** Runs work with the BLAS's own threads off ({@link Blas#serially}). */
    void serially(Runnable work) {
        blas.serially(work);
    }

    /**
     * The Gram matrix C = A A^T (rows x rows, full and symmetric) of a row-major rows x inner A.
     * dsyrk fills one triangle (half the flops of a general product); the other is mirrored.
     */
    RealArray gram(RealArray a, int rows, int inner) {
        RealArray c = RealArray.allocate(a.precision(), rows, rows);
        gram(a, rows, inner, c, null);
        return c;
    }

    /**
     * Gram sizes from which the mirror is shared among threads. Below, waking them costs more
     * than it saves (2 cores, medians of 11 rounds: at 272 rows 0.05 ms alone against 0.13 ms
     * shared, at 528 0.15 against 0.22; at 1040 0.67 against 0.59).
     */
    static final int PARALLEL_MIRROR_ROWS = 768;

    /**
     * {@link #gram(RealArray, int, int)} into c (at least rows x rows), mirrored by parallel's
     * threads when given and the Gram is large (the mirror of a large Gram costs a twentieth of
     * its product).
     */
    void gram(RealArray a, int rows, int inner, RealArray c, RowParallel parallel) {
        if (rows == 0) {
            return;
        }
        if (inner == 0) {
            scale(c, rows * rows, 0);
            return;
        }
        // Column-major view: A^T is inner x rows with leading dimension inner; C = (A^T)^T A^T.
        // The column-major upper triangle (i <= j at i + j rows) is the row-major lower triangle.
        blas.syrk(true, rows, inner, 1.0, a, inner, 0.0, c, Math.max(1, rows));
        if (parallel == null || rows < PARALLEL_MIRROR_ROWS) {
            c.mirrorLowerToUpper(rows);
        } else {
            int blocks = (rows + RealArray.TILE - 1) / RealArray.TILE;
            parallel.forRows(blocks, (long) RealArray.TILE * rows, (b0, b1) -> c.mirrorLowerToUpper(rows, b0, b1));
        }
    }

    private static void scale(RealArray c, int length, double beta) {
        for (int i = 0; i < length; i++) {
            c.set(i, beta == 0 ? 0 : beta * c.get(i));
        }
    }
}
