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
        double[] x = new double[m];
        double[] g0 = gradient(z, n, m, y, x);
        double scale = maxAbs(g0);
        if (scale == 0) {
            return new Fit(x, 0, true, objective(z, n, m, y, x, lambda, p), 0);
        }
        double lip = 1.1 * lipschitz(z, n, m);
        double[] yk = x.clone();
        double t = 1;
        int it = 0;
        boolean converged = false;
        while (it < maxIter) {
            double[] g = gradient(z, n, m, y, yk);
            double fy = smooth(z, n, m, y, yk);
            double[] xn;
            double[] step = new double[m];
            while (true) {
                xn = new double[m];
                for (int j = 0; j < m; j++) {
                    xn[j] = LpProx.of(yk[j] - g[j] / lip, lambda / lip, p);
                    step[j] = xn[j] - yk[j];
                }
                double quad = fy + dot(g, step) + 0.5 * lip * dot(step, step);
                if (smooth(z, n, m, y, xn) <= quad + 1e-14 * Math.abs(quad)) {
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
        return new Fit(x, it, converged, objective(z, n, m, y, x, lambda, p), stationarity(z, n, m, y, x, lambda, p));
    }

    /**
     * The largest violation of 0 in grad f(c) + lambda d(sum |c_j|^p): for c_j != 0,
     * |g_j + lambda p |c_j|^(p-1) sign c_j|; for c_j = 0 and p = 1, max(|g_j| - lambda, 0) (the
     * subdifferential is [-lambda, lambda]); for c_j = 0 and p &gt; 1, |g_j|.
     */
    public static double stationarity(double[] z, int n, int m, double[] y, double[] c, double lambda, double p) {
        double[] g = gradient(z, n, m, y, c);
        double worst = 0;
        for (int j = 0; j < m; j++) {
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
        double pen = 0;
        for (double v : c) {
            pen += Math.pow(Math.abs(v), p);
        }
        return smooth(z, n, m, y, c) + lambda * pen;
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
    private static double lipschitz(double[] z, int n, int m) {
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
