package dev.barron.experiments;

import dev.barron.backend.Backend;
import dev.barron.math.Gram;
import dev.barron.math.ProximalLeastSquares;
import dev.barron.math.RidgeRegression;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Teacher;

/**
 * One random-features fit as a function (docs/MATH.md section 12): the same config on the same
 * backend gives the same result. The feature matrix comes from the backend's batched hidden
 * layer; the solves are float64 ({@link RidgeRegression}, {@link ProximalLeastSquares}); the
 * Gram goes through the given {@link Gram} (the BLAS on the CPU). Method NETWORK runs
 * {@link ErmFit} on the same sample.
 */
public final class RfmFit {

    private RfmFit() {
    }

    /** A fit at one lambda. */
    record Solved(double[] coef, String solver, long iterations) {
    }

    /** Fits at any lambda on one design; l2 forms its Gram once. */
    interface Solver {
        Solved at(double lambda);
    }

    static Solver solver(double[] z, int n, int m, double[] y, double p, RfmConfig c, Gram gram) {
        if (p == 2) {
            RidgeRegression ridge = RidgeRegression.prepare(z, n, m, y, gram);
            return lambda -> {
                RidgeRegression.Fit f = ridge.fit(lambda);
                return new Solved(f.coef(), f.route().label(), 0);
            };
        }
        ProximalLeastSquares.Smooth smooth = ProximalLeastSquares.Smooth.of(z, n, m, y, gram);
        double[][] last = {null};
        return lambda -> {
            // callers walk the grid from the largest lambda down: each fit starts from the last
            ProximalLeastSquares.Fit f = ProximalLeastSquares.solve(smooth, lambda, p, c.tol(), c.maxIter(), last[0]);
            last[0] = f.coef();
            return new Solved(f.coef(), f.converged() ? "fista" : "fista-budget", f.iterations());
        };
    }

    public static RfmResult run(Backend backend, RfmConfig c, Gram gram) {
        long t0 = System.nanoTime();
        Teacher target = RandomFeatures.target(c.targetWidth(), c.d(), c.seed());
        ErmConfig erm = RandomFeatures.ermConfig(c, target);
        if (c.method() == RfmMethod.NETWORK) {
            ErmResult r = ErmFit.run(backend, erm);
            return new RfmResult(r.excessRisk(), r.trainRisk(), Double.NaN, Double.NaN, r.pathNorm(), c.m(),
                    "projected-gd", r.steps(), (System.nanoTime() - t0) * 1e-9);
        }
        ErmData data = ErmFit.sample(backend, erm, target);
        double p = c.exponent();
        Matrix w = RandomFeatures.firstLayer(c.features(), c.m(), c.d(), c.seed());
        double[] z = RandomFeatures.design(backend, data.x(), w, p);
        int n = c.n();
        int m = c.m();
        long[] iterations = {0};
        double lambda = switch (c.select()) {
            case FIXED -> c.lambda();
            case ORACLE -> oracle(backend, solver(z, n, m, data.y(), p, c, gram), c.lambdaGrid(), w, p, target, iterations);
            case VALIDATION -> validated(z, data.y(), p, c, gram, iterations);
        };
        Solved s = solver(z, n, m, data.y(), p, c, gram).at(lambda);
        Network f = RandomFeatures.network(w, s.coef(), p);
        int active = 0;
        for (double v : s.coef()) {
            active += v != 0 ? 1 : 0;
        }
        return new RfmResult(ExcessRisk.gaussian(backend, f, target), RandomFeatures.risk(z, n, m, data.y(), s.coef()),
                lambda, lpNorm(s.coef(), p), RandomFeatures.pathNorm(f), active, s.solver(),
                iterations[0] + s.iterations(), (System.nanoTime() - t0) * 1e-9);
    }

    /** The grid value of least exact excess risk (ties: the larger lambda). */
    static double oracle(Backend backend, Solver solver, double[] grid, Matrix w, double p, Teacher target,
                         long[] iterations) {
        double best = Double.POSITIVE_INFINITY;
        double chosen = grid[grid.length - 1];
        for (int i = grid.length - 1; i >= 0; i--) {
            Solved s = solver.at(grid[i]);
            iterations[0] += s.iterations();
            double e = ExcessRisk.gaussian(backend, RandomFeatures.network(w, s.coef(), p), target);
            if (e < best) {
                best = e;
                chosen = grid[i];
            }
        }
        return chosen;
    }

    /** The grid value of least squared error on the held-out tail, fitted on the head. */
    static double validated(double[] z, double[] y, double p, RfmConfig c, Gram gram, long[] iterations) {
        int m = c.m();
        int head = c.n() - c.held();
        double[] zHead = RandomFeatures.rows(z, m, 0, head);
        double[] yHead = java.util.Arrays.copyOfRange(y, 0, head);
        double[] zTail = RandomFeatures.rows(z, m, head, c.n());
        double[] yTail = java.util.Arrays.copyOfRange(y, head, c.n());
        Solver solver = solver(zHead, head, m, yHead, p, c, gram);
        double[] grid = c.lambdaGrid();
        double best = Double.POSITIVE_INFINITY;
        double chosen = grid[grid.length - 1];
        for (int i = grid.length - 1; i >= 0; i--) {
            Solved s = solver.at(grid[i]);
            iterations[0] += s.iterations();
            double e = RandomFeatures.risk(zTail, c.held(), m, yTail, s.coef());
            if (e < best) {
                best = e;
                chosen = grid[i];
            }
        }
        return chosen;
    }

    /** ||c||_p = ||a||_{L^p(mu_m)}. */
    static double lpNorm(double[] c, double p) {
        double s = 0;
        for (double v : c) {
            s += Math.pow(Math.abs(v), p);
        }
        return Math.pow(s, 1 / p);
    }
}
