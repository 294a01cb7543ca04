package dev.barron.train;

import dev.barron.model.Network;

import java.util.List;

/**
 * The outcome of a run.
 *
 * @param reason      why it stopped
 * @param steps       the step at which it stopped (for DIVERGED: the step where it failed)
 * @param last        metrics of the last good step
 * @param network     the parameters at the stop step (null when the run diverged)
 * @param restarts    how many times the divergence guard restarted the run
 * @param lrScale     the factor the guard left on the step (0.5^restarts)
 * @param history     all logged rows, in step order
 * @param angles      the angle snapshots, in step order
 * @param wallSeconds wall time of the run, resumed parts included
 */
public record TrainResult(StopReason reason, long steps, MetricsRow last, Network network, int restarts,
                          double lrScale, List<MetricsRow> history, List<AngleSnapshot> angles, double wallSeconds) {
}
