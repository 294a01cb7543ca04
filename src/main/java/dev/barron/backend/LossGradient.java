package dev.barron.backend;

import dev.barron.math.StableAngle;
import dev.barron.model.Matrix;

/**
 * A loss value with its gradient.
 *
 * @param loss  the loss (population: 1/2 E[(f - f*)^2]; empirical: 1/(2n) sum (f - y)^2)
 * @param gradW dL/dW, m x d
 * @param gradA dL/da, length m (always computed; a trainer with frozen outer weights ignores it)
 */
public record LossGradient(double loss, Matrix gradW, double[] gradA) {

    /**
     * max_i |grad_{w_i} L|, the stopping statistic of the Safran-Shamir protocol. Norms are scaled
     * ({@link StableAngle#norm}): a gradient of size 1e-200 (tiny outer weights) must not read as 0
     * and stop a run, nor one of size 1e200 as infinite.
     */
    public double maxNeuronGradNorm() {
        double best = 0;
        int d = gradW.cols();
        double[] g = gradW.data();
        for (int i = 0; i < gradW.rows(); i++) {
            best = Math.max(best, StableAngle.norm(g, i * d, d));
        }
        return best;
    }

    /** Euclidean norm of the whole gradient (W and, when trainOuter, a), scaled as above. */
    public double gradNorm(boolean includeOuter) {
        double w = StableAngle.norm(gradW.data(), 0, gradW.data().length);
        return includeOuter ? Math.hypot(w, StableAngle.norm(gradA, 0, gradA.length)) : w;
    }
}
