package dev.barron.backend.cpu;

import dev.barron.backend.ProjectionMethod;
import dev.barron.backend.ProjectionResult;
import dev.barron.backend.ProxResult;
import dev.barron.math.CompensatedSum;
import dev.barron.math.LambdaBisection;
import dev.barron.math.L1BallProjection;
import dev.barron.math.NeuronProx;
import dev.barron.math.PathNorms;
import dev.barron.math.StableAngle;
import dev.barron.model.Check;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Precision;

/**
 * The exact path-norm prox of all neurons (docs/MATH.md section 5.1, {@link NeuronProx}, lambda s per neuron)
 * and the three projections onto {||theta||_P &lt;= R} (docs/MATH.md section 5.2). Every projection returns a
 * feasible point: if rounding (float32 storage, or the last ulp of a rescaling) leaves the
 * computed norm above R, the outer weights are shrunk by a few ulps until it is not.
 */
final class PathNormOperations {


    private final Precision precision;
    private final RowParallel parallel;

    PathNormOperations(Precision precision, RowParallel parallel) {
        this.precision = precision;
        this.parallel = parallel;
    }

    ProxResult prox(Network net, double lambda) {
        Check.nonNegative("lambda", lambda);
        int m = net.width();
        int d = net.inputDim();
        double effective = lambda * net.scale();
        double[] w0 = net.w().data();
        double[] a0 = net.a();
        double[] w = new double[m * d];
        double[] a = new double[m];
        double[] objectives = new double[m];
        parallel.forRows(m, 16L * d, (from, to) -> {
            for (int i = from; i < to; i++) {
                NeuronProx.Choice c = NeuronProx.apply(effective, a0[i], w0, i * d, d, a, i, w, i * d);
                objectives[i] = c.objective();
            }
        });
        Network out = rounded(net, w, a);
        return new ProxResult(out, CompensatedSum.of(objectives), PathNorms.l1(out));
    }

    ProjectionResult project(Network net, double radius, ProjectionMethod method) {
        ProjectionMethod.checkArguments(radius, method, net.activation());
        double norm = PathNorms.l1(net);
        if (norm <= radius) {
            return new ProjectionResult(net, norm, 0, 0);
        }
        switch (method) {
            case RESCALE:
                return finish(net, rescaled(net, Math.sqrt(radius) / Math.sqrt(norm)), radius, 0);
            case L1_OUTER:
                return finish(net, l1Outer(net, radius), radius, 0);
            default:
                return proxBisection(net, radius);
        }
    }

    /** All parameters times c: the path norm is 2-homogeneous in them jointly. */
    private Network rescaled(Network net, double c) {
        double[] w = net.w().data().clone();
        double[] a = net.a().clone();
        for (int t = 0; t < w.length; t++) {
            w[t] *= c;
        }
        for (int i = 0; i < a.length; i++) {
            a[i] *= c;
        }
        return rounded(net, w, a);
    }

    /**
     * Balances every neuron to ||w_i||_1 = 1 and projects u_i = a_i ||w_i||_1 onto the l1 ball of
     * radius R / s. Neurons with w_i = 0 carry no path norm and are left as they are.
     */
    private Network l1Outer(Network net, double radius) {
        int m = net.width();
        int d = net.inputDim();
        double[] w = net.w().data().clone();
        double[] a = net.a().clone();
        double[] u = new double[m];
        for (int i = 0; i < m; i++) {
            double n1 = PathNorms.l1Row(w, i * d, d);
            if (n1 == 0) {
                continue;
            }
            u[i] = a[i] * n1;
            for (int t = 0; t < d; t++) {
                w[i * d + t] /= n1;
            }
        }
        double[] projected = L1BallProjection.project(u, radius / net.scale());
        for (int i = 0; i < m; i++) {
            if (PathNorms.l1Row(w, i * d, d) != 0) {
                a[i] = projected[i];
            }
        }
        return rounded(net, w, a);
    }

    /**
     * The prox at the smallest feasible lambda found by bisection. P(prox_lambda) is
     * non-increasing in lambda, and at lambda s = 1 no support candidate exists (1 - s lambda^2
     * &lt;= 0), so the prox has a = 0 or w = 0 and P = 0: [0, 1/s] brackets the answer.
     */
    private ProjectionResult proxBisection(Network net, double radius) {
        int m = net.width();
        int d = net.inputDim();
        double s = net.scale();
        NeuronProx.Sorted[] sorted = new NeuronProx.Sorted[m];
        double[] w0 = net.w().data();
        double[] a0 = net.a();
        parallel.forRows(m, 16L * d, (from, to) -> {
            for (int i = from; i < to; i++) {
                sorted[i] = new NeuronProx.Sorted(a0[i], w0, i * d, d);
            }
        });
        double[] terms = new double[m];
        double lambda = LambdaBisection.smallestFeasible(s, mid -> {
            double effective = mid * s;
            parallel.forRows(m, 2L * d, (from, to) -> {
                for (int i = from; i < to; i++) {
                    terms[i] = sorted[i].choose(effective).pathTerm();
                }
            });
            return s * CompensatedSum.of(terms) <= radius;
        });
        double[] w = new double[m * d];
        double[] a = new double[m];
        parallel.forRows(m, 2L * d, (from, to) -> {
            for (int i = from; i < to; i++) {
                NeuronProx.Choice c = sorted[i].choose(lambda * s);
                sorted[i].write(c, a0[i], w0, i * d, a, i, w, i * d);
            }
        });
        return finish(net, rounded(net, w, a), radius, lambda);
    }

    /** Makes the result feasible against rounding, then measures the norm and the distance moved. */
    private ProjectionResult finish(Network original, Network candidate, double radius, double lambda) {
        Network out = candidate;
        double norm = PathNorms.l1(out);
        for (int attempt = 0; norm > radius && attempt < 64; attempt++) {
            double factor = radius / norm * (1 - 4 * precision.epsilon() * (attempt + 1));
            double[] a = out.a().clone();
            for (int i = 0; i < a.length; i++) {
                a[i] = precision.round(a[i] * factor);
            }
            out = out.withWeights(out.w(), a);
            norm = PathNorms.l1(out);
        }
        return new ProjectionResult(out, norm, distance(original, out), lambda);
    }

    private Network rounded(Network like, double[] w, double[] a) {
        if (precision != Precision.F64) {
            for (int t = 0; t < w.length; t++) {
                w[t] = precision.round(w[t]);
            }
            for (int i = 0; i < a.length; i++) {
                a[i] = precision.round(a[i]);
            }
        }
        return like.withWeights(new Matrix(like.width(), like.inputDim(), w), a);
    }

    /**
     * sqrt(|W - W0|_F^2 + |a - a0|^2), scaled ({@link StableAngle#norm}): a move of 1e-200 (tiny
     * outer weights zeroed) or of 1e200 (huge rows rescaled) is measured, not squared to 0 or to
     * infinity (which the compensated sum turned into NaN).
     */
    static double distance(Network x, Network y) {
        double[] wx = x.w().data();
        double[] wy = y.w().data();
        int md = wx.length;
        double[] diff = new double[md + x.a().length];
        for (int t = 0; t < md; t++) {
            diff[t] = wx[t] - wy[t];
        }
        for (int i = 0; i < x.a().length; i++) {
            diff[md + i] = x.a()[i] - y.a()[i];
        }
        return StableAngle.norm(diff, 0, diff.length);
    }
}
