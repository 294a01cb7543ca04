package dev.barron.train;

import dev.barron.model.Check;

/**
 * Everything the trainer needs besides the backend, the starting point and the teacher.
 *
 * @param objective          population GD or SGD
 * @param learningRate       step schedule
 * @param trainOuter         whether the outer weights a are updated
 * @param stop               stop rules
 * @param guard              divergence guard
 * @param projection         projected GD onto the path-norm ball, or null for plain GD
 * @param log                metrics and angle schedule
 * @param checkpointSeconds  wall seconds between checkpoints (0: none on time)
 * @param checkpointSteps    steps between checkpoints (0: none on steps); tests use it for exact placement
 */
public record TrainerConfig(Objective objective, LearningRate learningRate, boolean trainOuter, StopRules stop,
                            DivergenceGuard guard, Projection projection, LogSchedule log,
                            double checkpointSeconds, long checkpointSteps) {

    public TrainerConfig {
        if (objective == null || learningRate == null || stop == null || guard == null || log == null) {
            throw Check.bad("trainer config", "null field", "objective, learning rate, stop rules, guard and log are required");
        }
        Check.nonNegative("checkpoint-seconds", checkpointSeconds);
        if (checkpointSteps < 0) {
            throw Check.bad("checkpoint-steps", checkpointSteps, "must be >= 0");
        }
    }

    /** Full-batch GD on the population loss with a constant step and the standard guard. */
    public static TrainerConfig gd(double lr, boolean trainOuter, StopRules stop) {
        return new TrainerConfig(Objective.population(), LearningRate.constant(lr), trainOuter, stop,
                DivergenceGuard.standard(), null, LogSchedule.standard(), 0, 0);
    }

    public TrainerConfig withLog(LogSchedule l) {
        return new TrainerConfig(objective, learningRate, trainOuter, stop, guard, projection, l, checkpointSeconds, checkpointSteps);
    }

    public TrainerConfig withCheckpoints(double seconds, long steps) {
        return new TrainerConfig(objective, learningRate, trainOuter, stop, guard, projection, log, seconds, steps);
    }

    public TrainerConfig withProjection(Projection p) {
        return new TrainerConfig(objective, learningRate, trainOuter, stop, guard, p, log, checkpointSeconds, checkpointSteps);
    }

    public TrainerConfig withObjective(Objective o) {
        return new TrainerConfig(o, learningRate, trainOuter, stop, guard, projection, log, checkpointSeconds, checkpointSteps);
    }

    public TrainerConfig withGuard(DivergenceGuard g) {
        return new TrainerConfig(objective, learningRate, trainOuter, stop, g, projection, log, checkpointSeconds, checkpointSteps);
    }
}
