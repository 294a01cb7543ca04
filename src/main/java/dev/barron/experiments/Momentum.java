package dev.barron.experiments;

import dev.barron.model.Matrix;
import dev.barron.model.Network;

/** The heavy-ball term of {@link ErmFit}'s full-batch steps (docs/MATH.md section 11.1). */
final class Momentum {

    private Momentum() {
    }

    /**
     * stepped + beta (current - previous): the gradient step taken from current, carried on by
     * beta times the last accepted move. All three networks have one shape.
     */
    static Network extrapolate(Network stepped, Network current, Network previous, double beta) {
        double[] w = stepped.w().data().clone();
        double[] wNow = current.w().data();
        double[] wBefore = previous.w().data();
        for (int t = 0; t < w.length; t++) {
            w[t] += beta * (wNow[t] - wBefore[t]);
        }
        double[] a = stepped.a().clone();
        for (int i = 0; i < a.length; i++) {
            a[i] += beta * (current.a()[i] - previous.a()[i]);
        }
        return stepped.withWeights(new Matrix(stepped.w().rows(), stepped.w().cols(), w), a);
    }
}
