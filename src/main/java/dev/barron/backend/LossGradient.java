package dev.barron.backend;

import dev.barron.model.Matrix;

/**
 * A loss value with its gradient.
 *
 * @param loss  the loss (population: 1/2 E[(f - f*)^2]; empirical: 1/(2n) sum (f - y)^2)
 * @param gradW dL/dW, m x d
 * @param gradA dL/da, length m (always computed; a trainer with frozen outer weights ignores it)
 */
public record LossGradient(double loss, Matrix gradW, double[] gradA) {

    /** max_i |grad_{w_i} L|, the stopping statistic of the Safran-Shamir protocol. */
    public double maxNeuronGradNorm() {
        double best = 0;
        int d = gradW.cols();
        double[] g = gradW.data();
        for (int i = 0; i < gradW.rows(); i++) {
            double s = 0;
            for (int t = 0; t < d; t++) {
                s += g[i * d + t] * g[i * d + t];
            }
            best = Math.max(best, Math.sqrt(s));
        }
        return best;
    }

    /** Euclidean norm of the whole gradient (W and, when trainOuter, a). */
    public double gradNorm(boolean includeOuter) {
        double s = 0;
        for (double x : gradW.data()) {
            s += x * x;
        }
        if (includeOuter) {
            for (double x : gradA) {
                s += x * x;
            }
        }
        return Math.sqrt(s);
    }
}
