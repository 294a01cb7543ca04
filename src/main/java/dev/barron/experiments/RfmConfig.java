package dev.barron.experiments;

import dev.barron.model.Check;

/**
 * One random-features fit (docs/MATH.md section 12) and, for method NETWORK, the path-norm ERM
 * fit on the same sample. The target is f*(x) = (1/k) sum_j relu(v_j . x) with v_j uniform on the
 * unit sphere (k = 1: the single neuron relu(v . x)); x ~ N(0, I_d); y = f*(x) + noise xi.
 *
 * @param d                  input dimension
 * @param n                  sample size
 * @param m                  random features (or the network's width)
 * @param features           mu, the law of the first layer
 * @param method             l2, l1, lp or network
 * @param p                  the exponent of method lp, in [1, 2]
 * @param lambda             the penalty of select fixed (&gt;= 0; 0 only for l2: the minimum-norm fit)
 * @param select             fixed, validation or oracle
 * @param lambdaMin          smallest value of the log-spaced grid
 * @param lambdaMax          largest value of the grid
 * @param lambdaCount        values in the grid
 * @param validationFraction the held-out tail of the sample under select validation
 * @param targetWidth        k
 * @param noise              standard deviation of the label noise
 * @param radiusFactor       the network's ball: R = radiusFactor ||f*||_P
 * @param steps              the network's step budget
 * @param tol                FISTA's stop rule (relative gradient mapping)
 * @param maxIter            FISTA's iteration budget
 * @param seed               target, sample, noise, features, network initialisation
 */
public record RfmConfig(int d, int n, int m, FeatureDistribution features, RfmMethod method, double p, double lambda,
                        LambdaSelection select, double lambdaMin, double lambdaMax, int lambdaCount,
                        double validationFraction, int targetWidth, double noise, double radiusFactor, long steps,
                        double tol, int maxIter, long seed) {

    public RfmConfig {
        Check.positive("d", d);
        Check.positive("n", n);
        Check.positive("m", m);
        if (features == null || method == null || select == null) {
            throw Check.bad("rfm config", "null field", "features, method and select are required");
        }
        if (!(p >= 1 && p <= 2)) {
            throw Check.bad("p", p, "must lie in [1, 2]");
        }
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw Check.bad("lambda", lambda, "must be finite and >= 0");
        }
        if (lambda == 0 && select == LambdaSelection.FIXED && (method == RfmMethod.L1 || method == RfmMethod.LP)) {
            throw Check.bad("lambda", lambda, "must be > 0 for l1 and lp (lambda = 0 is the minimum-norm fit of l2)");
        }
        if (!(lambdaMin > 0 && lambdaMax >= lambdaMin) || Double.isInfinite(lambdaMax)) {
            throw Check.bad("lambda_min", lambdaMin + ".." + lambdaMax, "need 0 < lambda_min <= lambda_max < inf");
        }
        Check.positive("lambda_count", lambdaCount);
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw Check.bad("validation_fraction", validationFraction, "must lie in (0, 1)");
        }
        int held = (int) Math.floor(validationFraction * n);
        if (select == LambdaSelection.VALIDATION && (held < 1 || n - held < 1)) {
            throw Check.bad("validation_fraction", validationFraction, "must leave both parts of n = " + n + " non-empty");
        }
        Check.positive("target_width", targetWidth);
        Check.nonNegative("noise", noise);
        Check.positive("radius_factor", radiusFactor);
        if (steps < 0) {
            throw Check.bad("steps", steps, "must be >= 0");
        }
        Check.positive("tol", tol);
        Check.positive("max_iter", maxIter);
    }

    /** Rows held out under select validation. */
    public int held() {
        return (int) Math.floor(validationFraction * n);
    }

    /** The exponent of the norm of a (2 for l2, 1 for l1, p for lp). */
    public double exponent() {
        return method.exponent(p);
    }

    /** The log-spaced grid lambdaMin .. lambdaMax. */
    public double[] lambdaGrid() {
        double[] g = new double[lambdaCount];
        for (int i = 0; i < lambdaCount; i++) {
            double t = lambdaCount == 1 ? 0 : (double) i / (lambdaCount - 1);
            g[i] = lambdaMin * Math.pow(lambdaMax / lambdaMin, t);
        }
        return g;
    }

    /** The same fit at another method, width, sample size, dimension or seed. */
    public RfmConfig with(RfmMethod newMethod, int newM, int newN, int newD, long newSeed) {
        return new RfmConfig(newD, newN, newM, features, newMethod, p, lambda, select, lambdaMin, lambdaMax, lambdaCount,
                validationFraction, targetWidth, noise, radiusFactor, steps, tol, maxIter, newSeed);
    }
}
