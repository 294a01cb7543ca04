package dev.barron.backend;

import dev.barron.model.Matrix;
import dev.barron.model.Network;

/**
 * Device-resident training state: the parameters (W, a) and the teacher (V, b) are uploaded
 * once and stay where the backend computes; only what is asked for crosses back.
 *
 * <p>The protocol of one step is {@code evaluate...} then {@link #step}: step applies the
 * gradient of the last evaluation. A session is not thread-safe.
 */
public interface TrainingSession extends AutoCloseable {

    SessionSpec spec();

    /** Population loss and gradient at the current parameters; the gradient is kept for {@link #step}. */
    StepStats evaluatePopulation();

    /** Empirical loss and gradient on the batch (x: n x d, y: length n); the gradient is kept for {@link #step}. */
    StepStats evaluateEmpirical(Matrix x, double[] y);

    /** W -= lr * dL/dW and, when the outer weights train, a -= lr * dL/da, with the last evaluated gradient. */
    void step(double learningRate);

    /** Projects the current parameters onto {||theta||_P &lt;= radius}. */
    ProjectionResult project(double radius, ProjectionMethod method);

    /** l1 path norm of the current parameters. */
    double pathNormL1();

    /** Reads the current parameters back. */
    Network read();

    /** Replaces the current parameters (same shape), e.g. to restart from a checkpoint. */
    void write(Network network);

    /** Student-teacher and student-student angles at the current parameters. */
    Angles angles();

    @Override
    void close();
}
