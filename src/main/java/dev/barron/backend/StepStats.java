package dev.barron.backend;

/**
 * What a training session reports after evaluating the objective.
 *
 * @param loss              the objective value at the current parameters
 * @param maxNeuronGradNorm max_i |grad_{w_i} L|
 * @param gradNorm          Euclidean norm of the whole gradient (a included when trainable)
 */
public record StepStats(double loss, double maxNeuronGradNorm, double gradNorm) {
}
