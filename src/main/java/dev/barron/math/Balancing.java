package dev.barron.math;

import dev.barron.model.Activation;
import dev.barron.model.Check;
import dev.barron.model.Matrix;
import dev.barron.model.Network;

/**
 * Neuron balancing: (a_i, w_i) -&gt; (c a_i, w_i / c) with c &gt; 0 chosen so that |a_i| = ||w_i||_1
 * (or ||w_i||_2 for the l2 variant), i.e. c = sqrt(||w_i|| / |a_i|).
 *
 * <p>For relu, which is positively 1-homogeneous, this changes neither f nor the path norms;
 * for the other activations it would change f, so they are rejected. Convention: a neuron
 * with a_i = 0 or w_i = 0 contributes nothing to f or to the path norm and no c &gt; 0 balances
 * it; it is left unchanged.
 */
public final class Balancing {

    private Balancing() {
    }

    /** Balances every neuron to |a_i| = ||w_i||_1. */
    public static Network l1(Network net) {
        return balance(net, true);
    }

    /** Balances every neuron to |a_i| = ||w_i||_2. */
    public static Network l2(Network net) {
        return balance(net, false);
    }

    private static Network balance(Network net, boolean l1) {
        if (net.activation() != Activation.RELU) {
            throw Check.bad("activation", net.activation().label(),
                    "balancing preserves f only for relu (positively 1-homogeneous)");
        }
        int m = net.width();
        int d = net.inputDim();
        double[] w = net.w().data().clone();
        double[] a = net.a().clone();
        double[] row = new double[d];
        for (int i = 0; i < m; i++) {
            double root = sqrtNorm(w, i * d, d, l1, row);
            if (a[i] == 0 || root == 0) {
                continue;
            }
            // square roots of each, not of the quotient: |w| / |a| overflows for |w| = 1e200, a = 1e-200
            double c = root / Math.sqrt(Math.abs(a[i]));
            a[i] *= c;
            for (int t = 0; t < d; t++) {
                w[i * d + t] /= c;
            }
        }
        return net.withWeights(new Matrix(m, d, w), a);
    }

    /**
     * sqrt(|w|) of the row, from the row scaled by 2^-e (RowScaling) with e made even: a subnormal
     * norm would keep only the bits of the subnormal range, its square root has all of them.
     */
    private static double sqrtNorm(double[] w, int off, int d, boolean l1, double[] row) {
        int e = RowScaling.rowExponent(w, off, d);
        int even = e - Math.floorMod(e, 2);
        RowScaling.scaleRow(w, off, d, even, row, 0);
        double scaled = l1 ? PathNorms.l1Row(row, 0, d) : StableAngle.norm(row, 0, d);
        return Math.scalb(Math.sqrt(scaled), even / 2);
    }
}
