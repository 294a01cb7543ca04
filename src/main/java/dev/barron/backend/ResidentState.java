package dev.barron.backend;

import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Precision;

/**
 * Parameters (W, a) and optionally a teacher, resident where a backend computes, with the
 * primitives that {@link PathNormProjection} and {@link ResidentSession} are written over once. Every
 * backend implements it: the CPU on Java arrays, the device drivers through
 * dev.barron.backend.program.ProgramState. Not thread-safe.
 */
public interface ResidentState extends AutoCloseable {

    /** The network the state was opened with (shape, activation, scaling). */
    Network shape();

    Precision precision();

    boolean hasTeacher();

    /** Population loss and gradient at the current parameters; the gradient is kept for {@link #step}. */
    StepStats evaluatePopulation();

    /** Empirical loss and gradient on a checked batch; the gradient is kept for {@link #step}. */
    StepStats evaluateEmpirical(Matrix x, double[] y);

    /** W -= lr dL/dW and, when the outer weights train, a -= lr dL/da, with the last gradient. */
    void step(double learningRate);

    Network read();

    /** Replaces (W, a) by a network of the same shape (checked by the caller). */
    void write(Network network);

    /** s * sum_i |a_i| |w_i|_1 of the current parameters. */
    double pathNormL1();

    Angles angles();

    // ---- the pieces of a projection (docs/MATH.md section 5.2) ----

    /** Keeps the current parameters as the reference of {@link #distanceFromSaved}. */
    void saveForProjection();

    /** W and a times factor. */
    void rescale(double factor);

    /** Balances every neuron to |w_i|_1 = 1, then projects u_i = a_i |w_i|_1 onto the l1 ball of radius R / s. */
    void l1Outer(double radius);

    /**
     * s * sum_i of the prox's own path terms at lambda (lambda s per neuron), the parameters left
     * alone. sorted: an earlier call on the same parameters already sorted the neurons.
     */
    double proxOwnNorm(double lambda, boolean sorted);

    /** Replaces the parameters by their prox at lambda. */
    void acceptProx(double lambda);

    /** The path norm after a move (and whatever a backend refreshes with it). */
    double projectedNorm();

    /** a times factor, W unchanged; returns the new path norm. */
    double shrinkOuter(double factor);

    /** sqrt(|W - W0|_F^2 + |a - a0|^2) from the saved parameters, scaled against under- and overflow. */
    double distanceFromSaved();

    @Override
    void close();
}
