package dev.barron.backend.cpu;

import dev.barron.backend.ProxResult;
import dev.barron.math.CompensatedSum;
import dev.barron.math.NeuronProx;
import dev.barron.math.PathNorms;
import dev.barron.math.StableAngle;
import dev.barron.model.Check;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Precision;

/**
 * The exact path-norm prox of all neurons (docs/MATH.md section 5.1, {@link NeuronProx}, lambda s
 * per neuron) and the distance a projection moves; the projections themselves are
 * {@link dev.barron.backend.PathNormProjection} on a {@link CpuResident}.
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
