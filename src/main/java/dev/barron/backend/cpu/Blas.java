package dev.barron.backend.cpu;

/**
 * The two BLAS routines the CPU backend uses, gemm and syrk (uplo "U"), in the reference BLAS's
 * column-major convention on {@link RealArray} operands of one precision: float64 calls
 * dgemm/dsyrk, float32 sgemm/ssyrk. Operands start at index 0; leading dimensions are as in
 * the Fortran interface.
 *
 * <p>Implementations: {@link BundledOpenBlas} (the OpenBLAS inside the jar, the default) and
 * {@link NetlibBlas} (a system libblas.so.3 through netlib's JNI wrapper, or netlib's Java
 * kernels, the last fallback). {@link BlasLibrary} chooses one per JVM.
 */
interface Blas {

    /** A short name for reports: which library computes, e.g. "OpenBLAS 0.3.31 (bundled, linux-x86_64)". */
    String name();

    /** C = alpha op(A) op(B) + beta C with op(A) m x k and op(B) k x n. */
    void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, RealArray a, int lda,
              RealArray b, int ldb, double beta, RealArray c, int ldc);

    /** The upper triangle of C = alpha op(A) op(A)^T + beta C, op(A) n x k; the lower one is left as it is. */
    void syrk(boolean trans, int n, int k, double alpha, RealArray a, int lda, double beta, RealArray c, int ldc);

    /**
     * Runs work with the library's own threads off, so that several Java threads can each make
     * calls on their own operands without the library's threads competing with them. A library
     * without threads of its own just runs it.
     */
    default void serially(Runnable work) {
        work.run();
    }
}
