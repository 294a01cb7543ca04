package dev.barron.math;

/**
 * Ridge regression and the minimum-norm interpolant in float64 (docs/MATH.md section 12.2):
 * c minimises (1/n) ||Z c - y||^2 + lambda ||c||^2 for a row-major n x m design Z, that is
 * (Z^T Z + n lambda I) c = Z^T y. The Gram is formed on the smaller side: Z^T Z (m x m, the
 * primal) when m &lt;= n, else Z Z^T (n x n, the dual: c = Z^T (Z Z^T + n lambda I)^-1 y), so
 * both cost O(n m min(n, m)). lambda &gt; 0 goes through a Cholesky whose pivots are checked;
 * lambda = 0 (the minimum-norm least-squares fit Z^+ y, the interpolant when m &gt;= n) and any
 * Cholesky that fails its check go through {@link SpectralSolve}.
 */
public final class RidgeRegression {

    /** Pivots below this fraction of the largest diagonal entry refuse the Cholesky (about 1e-6 relative accuracy left). */
    static final double MIN_PIVOT_RATIO = 1e-10;

    /** How a fit was solved: a checked Cholesky, or the SVD of the Gram. */
    public enum Route implements dev.barron.model.Labelled {
        CHOLESKY, SVD
    }

    /** Coefficients c (length m), the route, and the rank the spectral route kept (the Gram's size under Cholesky). */
    public record Fit(double[] coef, Route route, int rank) {
    }

    private final double[] z;
    private final int n;
    private final int m;
    private final boolean primal;
    private final double[] gram;
    private final double[] rhs;
    private SpectralSolve spectral;

    private RidgeRegression(double[] z, int n, int m, double[] y, Gram gramOf) {
        this.z = z;
        this.n = n;
        this.m = m;
        this.primal = m <= n;
        if (primal) {
            this.gram = gramOf.of(Gram.transpose(z, n, m), m, n);
            this.rhs = transposeTimes(z, n, m, y);
        } else {
            this.gram = gramOf.of(z, n, m);
            this.rhs = y.clone();
        }
    }

    /** Forms the Gram of the smaller side once; every fit reuses it. */
    public static RidgeRegression prepare(double[] z, int n, int m, double[] y, Gram gramOf) {
        if (z.length != (long) n * m || y.length != n) {
            throw new IllegalArgumentException("design " + z.length + " entries and " + y.length + " labels are not n x m = "
                    + n + " x " + m + " and n");
        }
        return new RidgeRegression(z, n, m, y, gramOf);
    }

    /** The size of the Gram solved with: min(n, m). */
    public int gramSize() {
        return primal ? m : n;
    }

    /** lambda &gt; 0: Cholesky (checked) else SVD; lambda = 0: SVD (the minimum-norm fit). */
    public Fit fit(double lambda) {
        if (!(lambda >= 0)) {
            throw new IllegalArgumentException("lambda " + lambda + " must be >= 0");
        }
        int k = gramSize();
        if (lambda > 0) {
            double[] shifted = gram.clone();
            for (int i = 0; i < k; i++) {
                shifted[i * k + i] += n * lambda;
            }
            double[] l = Cholesky.factor(shifted, k, MIN_PIVOT_RATIO);
            if (l != null) {
                return new Fit(coefficients(Cholesky.solve(l, k, rhs)), Route.CHOLESKY, k);
            }
        }
        return spectralFit(lambda);
    }

    /** The fit through the Gram's SVD (computed once, then reused for every lambda). */
    public Fit spectralFit(double lambda) {
        if (spectral == null) {
            spectral = new SpectralSolve(gram, gramSize());
        }
        double shift = n * lambda;
        return new Fit(coefficients(spectral.solve(rhs, shift)), Route.SVD, spectral.rank(shift));
    }

    private double[] coefficients(double[] solved) {
        return primal ? solved : transposeTimes(z, n, m, solved);
    }

    /** Z^T v for a row-major n x m Z. */
    public static double[] transposeTimes(double[] z, int n, int m, double[] v) {
        double[] out = new double[m];
        for (int r = 0; r < n; r++) {
            double vr = v[r];
            int row = r * m;
            for (int j = 0; j < m; j++) {
                out[j] += z[row + j] * vr;
            }
        }
        return out;
    }

    /** Z c for a row-major n x m Z. */
    public static double[] times(double[] z, int n, int m, double[] c) {
        double[] out = new double[n];
        for (int r = 0; r < n; r++) {
            double s = 0;
            int row = r * m;
            for (int j = 0; j < m; j++) {
                s += z[row + j] * c[j];
            }
            out[r] = s;
        }
        return out;
    }
}
