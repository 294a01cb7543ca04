package dev.barron.math;

/**
 * The spectrum of a symmetric matrix from a solver that does not give up: LAPACK's dsyevr where
 * the native library loads, else (or if LAPACK reports a failure) the cyclic Jacobi method,
 * which always converges. Input is row-major n x n; only the upper triangle is read.
 *
 * <p>Non-finite entries are refused (IllegalArgumentException): no solver can certify
 * anything about them, and the caller says so where it reports the point.
 */
public final class SymmetricEigen {

    /** Eigenvalues, ascending, and which solver produced them ("lapack-dsyevr" or "jacobi"). */
    public record Spectrum(double[] ascending, String solver) {
        public double smallest() {
            return ascending[0];
        }
    }

    private SymmetricEigen() {
    }

    /** All eigenvalues. */
    public static Spectrum eigenvalues(double[] symmetricRowMajor, int n) {
        return solve(symmetricRowMajor, n, n);
    }

    /** The smallest eigenvalue only (dsyevr by bisection for one index: cheaper than all n). */
    public static Spectrum smallest(double[] symmetricRowMajor, int n) {
        return solve(symmetricRowMajor, n, 1);
    }

    private static Spectrum solve(double[] a, int n, int count) {
        if (n < 1 || a.length != (long) n * n) {
            throw new IllegalArgumentException("matrix of " + a.length + " entries is not " + n + " x " + n);
        }
        for (double x : a) {
            if (!Double.isFinite(x)) {
                throw new IllegalArgumentException("matrix has a non-finite entry (" + x + ")");
            }
        }
        if (LapackEigenvalues.available()) {
            try {
                return new Spectrum(LapackEigenvalues.range(a, n, 1, count), "lapack-dsyevr");
            } catch (IllegalStateException lapackFailed) {
                // fall through to Jacobi, which converges on every symmetric input
            }
        }
        double[] all = JacobiEigenvalues.ascending(a, n);
        return new Spectrum(java.util.Arrays.copyOf(all, count), "jacobi");
    }
}
