package dev.barron.math;

import dev.barron.train.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The l1 fit against its optimality (subgradient) conditions, checked here from the gradient
 * formed directly (not the solver's own residual); the l_p fit against a brute-force descent
 * check; p = 2 against the ridge closed form; the prox against a fine grid search.
 */
class ProximalLeastSquaresTest {

    @ParameterizedTest(name = "n {0}, m {1}, lambda {2}")
    @CsvSource({"60, 30, 0.05", "30, 80, 0.02", "40, 40, 0.2"})
    void lassoSatisfiesTheSubgradientConditions(int n, int m, double lambda) {
        double[] z = RidgeRegressionTest.relu(n, m, 21);
        double[] y = new double[n];
        new Rng(22).gaussians(y);
        // through the Gram where m <= n, through Z where m > n
        ProximalLeastSquares.Fit fit = ProximalLeastSquares.solve(ProximalLeastSquares.Smooth.of(z, n, m, y, Gram.PLAIN),
                lambda, 1, 1e-10, 100_000, null);
        assertTrue(fit.converged());
        double[] c = fit.coef();
        double[] g = new double[m];
        for (int r = 0; r < n; r++) {
            double res = -y[r];
            for (int j = 0; j < m; j++) {
                res += z[r * m + j] * c[j];
            }
            for (int j = 0; j < m; j++) {
                g[j] += 2.0 / n * z[r * m + j] * res;
            }
        }
        int zeros = 0;
        for (int j = 0; j < m; j++) {
            if (c[j] == 0) {
                zeros++;
                assertTrue(Math.abs(g[j]) <= lambda * (1 + 1e-6), "|g_j| <= lambda at a zero, j = " + j);
            } else {
                assertEquals(-lambda * Math.signum(c[j]), g[j], 1e-6 * lambda, "g_j = -lambda sign c_j, j = " + j);
            }
        }
        assertTrue(zeros > 0, "l1 gives a sparse fit");
    }

    @Test
    void pEqualsTwoIsTheRidge() {
        int n = 50;
        int m = 20;
        double[] z = RidgeRegressionTest.relu(n, m, 31);
        double[] y = new double[n];
        new Rng(32).gaussians(y);
        double lambda = 0.01;
        double[] fista = ProximalLeastSquares.solve(z, n, m, y, lambda, 2, 1e-11, 200_000).coef();
        double[] ridge = RidgeRegression.prepare(z, n, m, y, Gram.PLAIN).fit(lambda).coef();
        assertTrue(RidgeRegressionTest.maxRelDiff(fista, ridge) < 1e-6);
    }

    @Test
    void lpFitIsAMinimumAlongEveryCoordinate() {
        int n = 40;
        int m = 15;
        double p = 1.5;
        double lambda = 0.05;
        double[] z = RidgeRegressionTest.relu(n, m, 41);
        double[] y = new double[n];
        new Rng(42).gaussians(y);
        ProximalLeastSquares.Fit fit = ProximalLeastSquares.solve(z, n, m, y, lambda, p, 1e-11, 200_000);
        double f0 = ProximalLeastSquares.objective(z, n, m, y, fit.coef(), lambda, p);
        for (int j = 0; j < m; j++) {
            for (double h : new double[]{-1e-3, 1e-3}) {
                double[] c = fit.coef().clone();
                c[j] += h;
                assertTrue(ProximalLeastSquares.objective(z, n, m, y, c, lambda, p) >= f0 - 1e-12, "coordinate " + j);
            }
        }
        assertTrue(fit.stationarity() < 1e-6, "stationarity " + fit.stationarity());
    }

    @ParameterizedTest(name = "v {0}, tau {1}, p {2}")
    @CsvSource({"1.3, 0.4, 1", "-0.2, 0.4, 1", "2.0, 0.7, 1.5", "-0.9, 0.3, 1.2", "0.5, 2.0, 1.8", "3.0, 0.25, 2"})
    void proxIsTheMinimiserOnAFineGrid(double v, double tau, double p) {
        double best = Double.NaN;
        double bestValue = Double.POSITIVE_INFINITY;
        for (int i = -400_000; i <= 400_000; i++) {
            double u = i * 1e-5;
            double value = 0.5 * (u - v) * (u - v) + tau * Math.pow(Math.abs(u), p);
            if (value < bestValue) {
                bestValue = value;
                best = u;
            }
        }
        assertEquals(best, LpProx.of(v, tau, p), 2e-5);
    }
}
