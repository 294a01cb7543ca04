package dev.barron.math;

/**
 * min_c F(c) = (1/n) ||Z c - y||^2 + lambda sum_j |c_j|^p, 1 &lt;= p &lt;= 2, by FISTA (Beck and
 * Teboulle 2009) with backtracking on the Lipschitz constant and the gradient restart of
 * O'Donoghue and Candes (2015): momentum is dropped whenever it points against the last prox
 * step, which restores linear convergence on the (locally) strongly convex problems that the
 * l1 fits of random features are (docs/MATH.md section 12.3). Float64 throughout.
 *
 * <p>Stops when the composite gradient mapping L ||x+ - y||_inf falls below tol times the
 * gradient at zero, ||(2/n) Z^T y||_inf (for p = 1 that is the lambda above which c = 0).
 */
public final class ProximalLeastSquares {

    /**
     * @param coef        c
     * @param iterations  prox steps taken
     * @param converged   whether the stop rule held (else the iteration budget ran out)
     * @param objective   F(c)
     * @param stationarity the largest violation of the optimality conditions at c (see {@link #stationarity})
     */
    public record Fit(double[] coef, int iterations, boolean converged, double objective, double stationarity) {
    }

    private ProximalLeastSquares() {
    }

    public static Fit solve(double[] z, int n, int m, double[] y, double lambda, double p, double tol, int maxIter) {
        return solve(Smooth.of(z, n, m, y), lambda, p, tol, maxIter, null);
    }

    /** From start (null: zero), e.g. the fit at a larger lambda of a path (a warm start). */
    public static Fit solve(Smooth f, double lambda, double p, double tol, int maxIter, double[] start) {
        int m = f.m;
        double[] g0 = f.gradient(new double[m]);
        double scale = maxAbs(g0);
        double[] x = start == null ? new double[m] : start.clone();
        if (scale == 0) {
            return new Fit(new double[m], 0, true, f.value(new double[m]), 0);
        }
        double lip = 1.1 * f.lipschitz();
        double[] yk = x.clone();
        double t = 1;
        int it = 0;
        boolean converged = false;
        while (it < maxIter) {
            double[] g = f.gradient(yk);
            double[] xn;
            double[] step = new double[m];
            while (true) {
                xn = new double[m];
                for (int j = 0; j < m; j++) {
                    xn[j] = LpProx.of(yk[j] - g[j] / lip, lambda / lip, p);
                    step[j] = xn[j] - yk[j];
                }
                // f quadratic: f(x+) - f(y) - g.(x+ - y) is the curvature term exactly, so the
                // backtracking test needs no difference of two nearly equal objective values
                if (f.curvature(step) <= 0.5 * lip * dot(step, step) * (1 + 1e-12)) {
                    break;
                }
                lip *= 2;
            }
            it++;
            if (lip * maxAbs(step) <= tol * scale) {
                x = xn;
                converged = true;
                break;
            }
            double restart = 0;
            for (int j = 0; j < m; j++) {
                restart += (yk[j] - xn[j]) * (xn[j] - x[j]);
            }
            if (restart > 0) {
                t = 1;
                yk = xn.clone();
            } else {
                double tn = 0.5 * (1 + Math.sqrt(1 + 4 * t * t));
                double beta = (t - 1) / tn;
                yk = new double[m];
                for (int j = 0; j < m; j++) {
                    yk[j] = xn[j] + beta * (xn[j] - x[j]);
                }
                t = tn;
            }
            x = xn;
        }
        return new Fit(x, it, converged, f.value(x) + lambda * penalty(x, p), stationarity(f.gradient(x), x, lambda, p));
    }

    /**
     * The largest violation of 0 in grad f(c) + lambda d(sum |c_j|^p): for c_j != 0,
     * |g_j + lambda p |c_j|^(p-1) sign c_j|; for c_j = 0 and p = 1, max(|g_j| - lambda, 0) (the
     * subdifferential is [-lambda, lambda]); for c_j = 0 and p &gt; 1, |g_j|.
     */
    public static double stationarity(double[] g, double[] c, double lambda, double p) {
        double worst = 0;
        for (int j = 0; j < c.length; j++) {
            double v;
            if (c[j] != 0) {
                v = Math.abs(g[j] + lambda * p * Math.pow(Math.abs(c[j]), p - 1) * Math.signum(c[j]));
            } else {
                v = p == 1 ? Math.max(Math.abs(g[j]) - lambda, 0) : Math.abs(g[j]);
            }
            worst = Math.max(worst, v);
        }
        return worst;
    }

    /** (2/n) Z^T (Z c - y). */
    public static double[] gradient(double[] z, int n, int m, double[] y, double[] c) {
        double[] r = RidgeRegression.times(z, n, m, c);
        for (int i = 0; i < n; i++) {
            r[i] = 2.0 / n * (r[i] - y[i]);
        }
        return RidgeRegression.transposeTimes(z, n, m, r);
    }

    public static double objective(double[] z, int n, int m, double[] y, double[] c, double lambda, double p) {
        return smooth(z, n, m, y, c) + lambda * penalty(c, p);
    }

    static double penalty(double[] c, double p) {
        double pen = 0;
        for (double v : c) {
            pen += Math.pow(Math.abs(v), p);
        }
        return pen;
    }

    /**
     * The smooth part (1/n) ||Z c - y||^2 with its gradient: through Z (2 n m flops a gradient)
     * or, when m &lt;= n, through the Gram G = Z^T Z and b = Z^T y formed once (m^2 flops:
     * (1/n) (c^T G c - 2 b^T c + y^T y), gradient (2/n) (G c - b)).
     */
    public static final class Smooth {
        private final double[] z;
        private final int n;
        private final int m;
        private final double[] y;
        private final double[] gram;
        private final double[] b;
        private final double yy;

        private Smooth(double[] z, int n, int m, double[] y, double[] gram) {
            this.z = z;
            this.n = n;
            this.m = m;
            this.y = y;
            this.gram = gram;
            this.b = gram == null ? null : RidgeRegression.transposeTimes(z, n, m, y);
            double s = 0;
            for (double v : y) {
                s += v * v;
            }
            this.yy = s;
        }

        /** Through Z. */
        public static Smooth of(double[] z, int n, int m, double[] y) {
            return new Smooth(z, n, m, y, null);
        }

        /** Through the Gram of Z^T when m &lt;= n (formed by gramOf), else through Z. */
        public static Smooth of(double[] z, int n, int m, double[] y, Gram gramOf) {
            return new Smooth(z, n, m, y, m <= n ? gramOf.of(Gram.transpose(z, n, m), m, n) : null);
        }

        double value(double[] c) {
            if (gram == null) {
                return smooth(z, n, m, y, c);
            }
            double[] gc = gramTimes(c);
            // c^T G c - 2 b^T c + y^T y can cancel to below rounding near a perfect fit: clamp at 0
            return Math.max(0, (dot(c, gc) - 2 * dot(b, c) + yy) / n);
        }

        double[] gradient(double[] c) {
            if (gram == null) {
                return ProximalLeastSquares.gradient(z, n, m, y, c);
            }
            double[] g = gramTimes(c);
            for (int j = 0; j < m; j++) {
                g[j] = 2.0 / n * (g[j] - b[j]);
            }
            return g;
        }

        private double[] gramTimes(double[] c) {
            return RidgeRegression.times(gram, m, m, c);
        }

        /** (1/n) ||Z d||^2 = (1/n) d^T G d. */
        double curvature(double[] d) {
            if (gram == null) {
                double[] zd = RidgeRegression.times(z, n, m, d);
                return dot(zd, zd) / n;
            }
            return dot(d, gramTimes(d)) / n;
        }

        double lipschitz() {
            return ProximalLeastSquares.lipschitz(z, n, m);
        }
    }

    private static double smooth(double[] z, int n, int m, double[] y, double[] c) {
        double[] r = RidgeRegression.times(z, n, m, c);
        double s = 0;
        for (int i = 0; i < n; i++) {
            double e = r[i] - y[i];
            s += e * e;
        }
        return s / n;
    }

    /** (2/n) times the largest eigenvalue of Z^T Z, by 30 power iterations (backtracking corrects an underestimate). */
    static double lipschitz(double[] z, int n, int m) {
        double[] v = new double[m];
        java.util.Arrays.fill(v, 1 / Math.sqrt(m));
        double est = 0;
        for (int it = 0; it < 30; it++) {
            double[] w = RidgeRegression.transposeTimes(z, n, m, RidgeRegression.times(z, n, m, v));
            est = Math.sqrt(dot(w, w));
            if (est == 0) {
                return 1;
            }
            for (int j = 0; j < m; j++) {
                v[j] = w[j] / est;
            }
        }
        return 2.0 / n * est;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double maxAbs(double[] a) {
        double s = 0;
        for (double v : a) {
            s = Math.max(s, Math.abs(v));
        }
        return s;
    }
}
