package dev.barron.math;

import dev.barron.model.Network;

/**
 * Path norms of a two-layer network (docs/MATH.md section 5).
 * <ul>
 *   <li>l1 (the norm of the Barron-space theory): ||theta||_P = s * sum_i |a_i| ||w_i||_1;</li>
 *   <li>squared l2 (the measure of Jiang et al., a square; without s^2): sum_i a_i^2 ||w_i||_2^2.</li>
 * </ul>
 * Both are invariant under the neuron rescaling (a_i, w_i) -&gt; (c a_i, w_i / c), c &gt; 0.
 */
public final class PathNorms {

    private PathNorms() {
    }

    public static double l1(Network net) {
        return l1(net.w().data(), net.a(), net.width(), net.inputDim(), net.scale());
    }

    /** l1 path norm of row-major w (m x d) and a, with scaling factor s. */
    public static double l1(double[] w, double[] a, int m, int d, double s) {
        CompensatedSum sum = new CompensatedSum();
        for (int i = 0; i < m; i++) {
            // |a_i| times the row's l1 norm, never a product of a with single entries: the term is
            // finite whenever the neuron's path weight is, however a_i and w_i split it.
            sum.add(Math.abs(a[i]) * l1Row(w, i * d, d));
        }
        return s * sum.value();
    }

    public static double l2(Network net) {
        int m = net.width();
        int d = net.inputDim();
        double[] w = net.w().data();
        double[] a = net.a();
        double[] row = new double[d];
        CompensatedSum sum = new CompensatedSum();
        for (int i = 0; i < m; i++) {
            // (|a_i| |w_i|)^2, the product first: a_i^2 alone underflows for a_i = 1e-200 even where
            // the neuron's path term is of order one (|w_i| = 1e200), and |w_i|^2 overflows. The
            // norm is taken on the row scaled by 2^-e (RowScaling) and 2^e joins the product: a
            // subnormal |w_i| would keep only the bits the subnormal range has.
            int e = RowScaling.rowExponent(w, i * d, d);
            RowScaling.scaleRow(w, i * d, d, e, row, 0);
            double term = Math.scalb(Math.abs(a[i]) * StableAngle.norm(row, 0, d), e);
            sum.add(term * term);
        }
        return sum.value();
    }

    /** ||x[off .. off+d)||_1. */
    public static double l1Row(double[] x, int off, int d) {
        double s = 0;
        for (int t = 0; t < d; t++) {
            s += Math.abs(x[off + t]);
        }
        return s;
    }
}
