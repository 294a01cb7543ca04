package dev.barron.train;

import dev.barron.model.Check;
import dev.barron.model.Network;
import dev.barron.model.Teacher;

/**
 * One run of an ensemble: population GD from initial against teacher, with its own step
 * schedule, stop rules and divergence guard, exactly as {@link Trainer} runs it alone.
 *
 * @param initial    the starting network
 * @param teacher    the teacher of the population loss
 * @param lr         the step schedule
 * @param trainOuter whether the outer weights are trained
 * @param stop       when the run ends
 * @param guard      the divergence guard (restarts with half the step)
 */
public record EnsembleRun(Network initial, Teacher teacher, LearningRate lr, boolean trainOuter, StopRules stop,
                          DivergenceGuard guard) {

    public EnsembleRun {
        if (initial == null || teacher == null || lr == null || stop == null || guard == null) {
            throw Check.bad("ensemble run", "null field", "initial network, teacher, step, stop rules and guard are required");
        }
        teacher.requireCompatible(initial);
    }

    /** The single-run trainer's configuration for this run: what the ensemble must reproduce. */
    public TrainerConfig trainerConfig() {
        return new TrainerConfig(Objective.population(), lr, trainOuter, stop, guard, null, LogSchedule.lastOnly(), 0, 0);
    }

    /** "m x k x d", the shape all runs of one ensemble share. */
    public String shape() {
        return initial.width() + " x " + teacher.size() + " x " + initial.inputDim();
    }
}
