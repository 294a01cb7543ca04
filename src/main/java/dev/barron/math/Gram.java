package dev.barron.math;

/**
 * The Gram matrix A A^T (rows x rows, full and symmetric, float64) of a row-major rows x inner A.
 * A functional interface so that the solvers here stay below the backends: the CPU backend
 * supplies one through its BLAS (backend.cpu.Float64Gram), {@link #PLAIN} is the loop.
 */
@FunctionalInterface
public interface Gram {

    double[] of(double[] a, int rows, int inner);

    /** The triple loop over the lower triangle, mirrored; for small problems and tests. */
    Gram PLAIN = (a, rows, inner) -> {
        double[] c = new double[rows * rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int t = 0; t < inner; t++) {
                    s += a[i * inner + t] * a[j * inner + t];
                }
                c[i * rows + j] = s;
                c[j * rows + i] = s;
            }
        }
        return c;
    };

    /** The transpose (cols x rows, row-major) of a row-major rows x cols matrix. */
    static double[] transpose(double[] a, int rows, int cols) {
        double[] t = new double[a.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = a[r * cols + c];
            }
        }
        return t;
    }
}
