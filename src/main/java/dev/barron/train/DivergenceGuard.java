package dev.barron.train;

import dev.barron.backend.StepStats;
import dev.barron.model.Check;

/**
 * A run diverges when the loss or the gradient norm passes its bound or is not finite. It then
 * restarts from the same initialisation with half the step, at most maxRestarts times; after
 * that it stops as diverged.
 */
public record DivergenceGuard(double lossBound, double gradBound, int maxRestarts) {

    public DivergenceGuard {
        Check.positive("diverge-loss", lossBound);
        Check.positive("diverge-grad", gradBound);
        if (maxRestarts < 0) {
            throw Check.bad("max-restarts", maxRestarts, "must be >= 0");
        }
    }

    /** The Safran-Shamir rule: restart with half the step when the gradient passes 1e4. */
    public static DivergenceGuard standard() {
        return new DivergenceGuard(1e12, 1e4, 10);
    }

    public boolean violated(StepStats s) {
        return !Double.isFinite(s.loss()) || !Double.isFinite(s.gradNorm())
                || !Double.isFinite(s.maxNeuronGradNorm())
                || s.loss() > lossBound || s.maxNeuronGradNorm() > gradBound;
    }
}
