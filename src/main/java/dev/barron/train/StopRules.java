package dev.barron.train;

import dev.barron.backend.StepStats;
import dev.barron.model.Check;

/**
 * When a run ends: after maxSteps steps, when the loss falls below lossBelow, or when
 * max_i |grad_{w_i} L| falls to gradTolerance or below (the Safran-Shamir rule; their
 * |2 pi grad| &lt;= 1e-9 is gradTolerance = 1e-9 / (2 pi)). A rule set to 0 is off.
 */
public record StopRules(long maxSteps, double lossBelow, double gradTolerance) {

    public StopRules {
        if (maxSteps < 0) {
            throw Check.bad("steps", maxSteps, "must be >= 0");
        }
        Check.nonNegative("stop-loss", lossBelow);
        Check.nonNegative("grad-tol", gradTolerance);
    }

    /**
     * Why a run stops at step with these exact (not sampled) loss and gradient, or null to go
     * on: the gradient rule first, then the loss rule, then the budget.
     */
    public StopReason reason(StepStats exact, long step) {
        if (gradTolerance > 0 && exact.maxNeuronGradNorm() <= gradTolerance) {
            return StopReason.GRADIENT;
        }
        if (lossBelow > 0 && exact.loss() < lossBelow) {
            return StopReason.LOSS;
        }
        return step >= maxSteps ? StopReason.BUDGET : null;
    }

    public static StopRules budget(long maxSteps) {
        return new StopRules(maxSteps, 0, 0);
    }
}
