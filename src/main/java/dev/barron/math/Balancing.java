package dev.barron.math;

import dev.barron.model.Activation;
import dev.barron.model.Check;
import dev.barron.model.Matrix;
import dev.barron.model.Network;

/**
 * Neuron balancing: (a_i, w_i) -> (c a_i, w_i / c) with c > 0 chosen so that |a_i| = ||w_i||_1
 * (or ||w_i||_2 for the l2 variant), i.e. c = sqrt(||w_i|| / |a_i|).
 *
 * <p>For relu, which is positively 1-homogeneous, this changes neither f nor the path norms;
 * for the other activations it would change f, so they are rejected. Convention: a neuron
 * with a_i = 0 or w_i = 0 contributes nothing to f or to the path norm and no c > 0 balances
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
        for (int i = 0; i < m; i++) {
            double norm = l1 ? PathNorms.l1Row(w, i * d, d) : StableAngle.norm(w, i * d, d);
            if (a[i] == 0 || norm == 0) {
                continue;
            }
            double c = Math.sqrt(norm / Math.abs(a[i]));
            a[i] *= c;
            for (int t = 0; t < d; t++) {
                w[i * d + t] /= c;
            }
        }
        return net.withWeights(new Matrix(m, d, w), a);
    }
}
