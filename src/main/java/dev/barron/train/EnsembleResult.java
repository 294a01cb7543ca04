package dev.barron.train;

import dev.barron.backend.StepStats;
import dev.barron.model.Network;

/**
 * How one run of an ensemble ended: what {@link TrainResult} says of a run trained alone, less
 * the history (an ensemble logs only the end).
 *
 * @param reason   why it stopped
 * @param steps    the step at which it stopped (DIVERGED: where it failed)
 * @param last     loss and gradient norms at that step (DIVERGED: the offending values)
 * @param network  the parameters at the stop (null when the run diverged)
 * @param restarts restarts by the divergence guard
 */
public record EnsembleResult(StopReason reason, long steps, StepStats last, Network network, int restarts) {

    static EnsembleResult of(TrainResult r) {
        MetricsRow row = r.last();
        return new EnsembleResult(r.reason(), r.steps(), new StepStats(row.loss(), row.maxNeuronGradNorm(), row.gradNorm()),
                r.network(), r.restarts());
    }
}
