package dev.barron.experiments;

import dev.barron.backend.ProjectionMethod;
import dev.barron.model.Check;
import dev.barron.model.Scaling;

/**
 * One constrained ERM fit (docs/MATH.md section 11): n samples (x, f*(x) + noise xi), xi ~ N(0, 1),
 * fitted by a width-m network in the ball {||theta||_P &lt;= radius} by projected gradient steps.
 *
 * @param d              input dimension
 * @param m              student width
 * @param n              sample size (the rows of data when data is given)
 * @param inputs         the input distribution of the sample and of the excess risk
 * @param target         f*
 * @param noise          standard deviation of the label noise
 * @param radius         R; Double.POSITIVE_INFINITY is unconstrained ERM
 * @param method         the projection onto the ball after every step
 * @param scaling        plain (s = 1) or mean-field (s = 1/m)
 * @param batch          0: full-batch projected GD with an adaptive step; b &gt; 0: minibatches of b, constant step
 * @param learningRate   the (first) step
 * @param maxSteps       step budget
 * @param relTol         full batch: stop when the train risk fell by less than relTol per step over the last 25 steps (0: off)
 * @param initScale      W0 = initScale G / sqrt(d), a0_i = +-|w0_i| (before the first projection)
 * @param seed           target (when random), sample, noise, initialisation, minibatch order, evaluation points
 * @param evalPoints     fresh points of the Monte-Carlo excess risk (uniform inputs)
 * @param logPerDecade   training-curve points per decade of steps (docs/MATH.md section 7.2's schedule)
 * @param data           a given sample, or null to draw one
 */
public record ErmConfig(int d, int m, int n, InputDistribution inputs, ErmTarget target, double noise, double radius,
                        ProjectionMethod method, Scaling scaling, int batch, double learningRate, long maxSteps,
                        double relTol, double initScale, long seed, int evalPoints, int logPerDecade, ErmData data) {

    public ErmConfig {
        Check.positive("d", d);
        Check.positive("m", m);
        Check.positive("n", n);
        if (inputs == null || target == null || method == null || scaling == null) {
            throw Check.bad("erm config", "null field", "inputs, target, method and scaling are required");
        }
        Check.nonNegative("noise", noise);
        if (!(radius > 0)) {
            throw Check.bad("radius", radius, "must be > 0 (inf: unconstrained)");
        }
        if (batch < 0 || batch > n) {
            throw Check.bad("batch", batch, "must be 0 (full batch) or between 1 and n = " + n);
        }
        Check.positive("lr", learningRate);
        if (maxSteps < 0) {
            throw Check.bad("steps", maxSteps, "must be >= 0");
        }
        Check.nonNegative("rel-tol", relTol);
        Check.positive("init-scale", initScale);
        Check.positive("eval-points", evalPoints);
        if (logPerDecade < 1) {
            throw Check.bad("log-per-decade", logPerDecade, "must be >= 1");
        }
        if (data != null && (data.x().rows() != n || data.x().cols() != d)) {
            throw Check.bad("X", data.x().rows() + " x " + data.x().cols(), "must be n x d = " + n + " x " + d);
        }
        if (target instanceof ErmTarget.Given g && g.teacher().inputDim() != d) {
            throw Check.bad("d", d, "must equal the teacher's input dimension " + g.teacher().inputDim());
        }
    }

    public boolean constrained() {
        return Double.isFinite(radius);
    }

    public boolean fullBatch() {
        return batch == 0;
    }

    /** The same fit in another dimension, sample size, width, radius or seed: the axes of a rate sweep. */
    public ErmConfig with(int newD, int newN, int newM, double newRadius, long newSeed) {
        return new ErmConfig(newD, newM, newN, inputs, target, noise, newRadius, method, scaling, batch, learningRate,
                maxSteps, relTol, initScale, newSeed, evalPoints, logPerDecade, data);
    }
}
