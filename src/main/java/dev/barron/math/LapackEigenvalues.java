package dev.barron.math;

import org.bytedeco.openblas.global.openblas;

/**
 * Eigenvalues of a symmetric matrix by LAPACK's dsyevr (OpenBLAS through JavaCPP, the native
 * library the project bundles): Householder tridiagonalisation, then the tridiagonal spectrum.
 * Only values are asked for (jobz = 'N'); dsyevr then uses dsterf, or bisection for an index
 * range, neither of which gives up on a symmetric input.
 *
 * <p>{@link #available()} is false when the native library cannot be loaded on this machine
 * (another OS or architecture, a missing classifier), or when it would be bound to a
 * libopenblas.so.0 without LAPACKE that the process already holds ({@link #blockedBy()}), where
 * calling it would end the JVM; {@link SymmetricEigen} falls back to {@link JacobiEigenvalues}
 * then.
 */
public final class LapackEigenvalues {

    private LapackEigenvalues() {
    }

    /** Whether the native LAPACK loaded and can be called (tried once). */
    public static boolean available() {
        return Native.LOADED;
    }

    /**
     * The file of a libopenblas.so.0 without LAPACKE that this JVM already holds (Debian's
     * libopenblas0, say, through the system's libblas.so.3), to which the bundled LAPACK would be
     * bound if it were loaded now; null when there is none. Cheap: nothing is loaded.
     */
    public static String blockedBy() {
        return MappedOpenBlas.withoutLapacke();
    }

    /**
     * Eigenvalues il .. iu (1-based, ascending) of the symmetric n x n row-major matrix; only its
     * upper triangle is read, the input is not modified.
     *
     * @throws IllegalStateException when LAPACK reports info != 0 or is not available
     */
    public static double[] range(double[] symmetricRowMajor, int n, int il, int iu) {
        if (!available()) {
            throw new IllegalStateException("native LAPACK not available: " + Native.FAILURE);
        }
        double[] a = symmetricRowMajor.clone();
        int[] found = new int[1];
        double[] w = new double[n];
        double[] z = new double[1];
        int[] support = new int[2 * Math.max(1, n)];
        boolean all = il == 1 && iu == n;
        int info = openblas.LAPACKE_dsyevr(openblas.LAPACK_ROW_MAJOR, (byte) 'N', (byte) (all ? 'A' : 'I'),
                (byte) 'U', n, a, n, 0, 0, il, iu, 0, found, w, z, 1, support);
        if (info != 0) {
            throw new IllegalStateException("LAPACKE_dsyevr info = " + info);
        }
        return java.util.Arrays.copyOf(w, found[0]);
    }

    /** Loads the native library once; holds why it failed, if it did. */
    private static final class Native {
        static final boolean LOADED;
        static final String FAILURE;

        static {
            // Checked before loading, and after: another thread may have loaded one meanwhile.
            String foreign = MappedOpenBlas.withoutLapacke();
            String why = null;
            if (foreign == null) {
                try {
                    org.bytedeco.javacpp.Loader.load(openblas.class);
                    foreign = MappedOpenBlas.withoutLapacke();
                } catch (Throwable t) { // UnsatisfiedLinkError, NoClassDefFoundError, ExceptionInInitializerError
                    why = t.toString();
                }
            }
            if (foreign != null) {
                why = foreign + " (a " + MappedOpenBlas.SONAME + " without LAPACKE) is loaded, and LAPACK would be bound to it";
            }
            LOADED = why == null;
            FAILURE = why;
        }
    }
}
