package dev.barron.backend;

import dev.barron.model.Check;
import dev.barron.model.Matrix;
import dev.barron.model.Network;

/**
 * The training session of every backend, over its {@link ResidentState}. Protocol: evaluate,
 * then {@link #step}. A gradient is applied at most once: step() without a fresh evaluation, or
 * after write() or project() changed the parameters, is an IllegalStateException, so that a
 * stale gradient is never applied silently. NaN or Inf are reported as they are: the trainer
 * stops on them with its last checkpoint.
 */
public final class ResidentSession implements TrainingSession {

    private final SessionSpec spec;
    private final ResidentState state;
    private boolean evaluated;
    private boolean closed;
    /**
     * The last X that passed {@link BatchChecks#batch}, compared by {@link Matrix#equals} (shape
     * and entries; the same array answers at once, and a Matrix is not changed once handed on).
     */
    private Matrix checkedX;

    /** A session owning the state (closed with it); the state must hold spec's network and teacher. */
    public ResidentSession(SessionSpec spec, ResidentState state) {
        this.spec = spec;
        this.state = state;
    }

    @Override
    public SessionSpec spec() {
        return spec;
    }

    @Override
    public StepStats evaluatePopulation() {
        requireOpen();
        if (!state.hasTeacher()) {
            throw new IllegalStateException("evaluatePopulation() needs a teacher: this session was opened without one");
        }
        StepStats s = state.evaluatePopulation();
        evaluated = true;
        return s;
    }

    @Override
    public StepStats evaluateEmpirical(Matrix x, double[] y) {
        requireOpen();
        if (x == null || !x.equals(checkedX)) {
            BatchChecks.batch(x, state.shape().inputDim());
            // a full-batch fit passes the same X every step: scanning its n x d entries for NaN
            // each time cost a sixth of a step
            checkedX = x;
        }
        // y is a plain array a caller may refill in place, and its n entries cost next to nothing
        BatchChecks.targets(x, y);
        StepStats s = state.evaluateEmpirical(x, y);
        evaluated = true;
        return s;
    }

    @Override
    public void step(double learningRate) {
        requireOpen();
        Check.positive("learningRate", learningRate);
        if (!evaluated) {
            throw new IllegalStateException("step() needs a gradient: call evaluatePopulation() or evaluateEmpirical()"
                    + " first (each evaluation's gradient is applied at most once, and write()/project() discard it)");
        }
        state.step(learningRate);
        evaluated = false;
    }

    @Override
    public ProjectionResult project(double radius, ProjectionMethod method) {
        requireOpen();
        evaluated = false;
        return PathNormProjection.project(state, radius, method);
    }

    @Override
    public double pathNormL1() {
        requireOpen();
        return state.pathNormL1();
    }

    @Override
    public Network read() {
        requireOpen();
        return state.read();
    }

    @Override
    public void write(Network network) {
        requireOpen();
        requireSameShape(state.shape(), network);
        state.write(network);
        evaluated = false;
    }

    @Override
    public Angles angles() {
        requireOpen();
        return state.angles();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            state.close();
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the training session is closed");
        }
    }

    /** A network that may replace the parameters of a state opened with shape. */
    public static void requireSameShape(Network shape, Network network) {
        if (network == null) {
            throw Check.bad("network", "null", "a network of the session's shape is required");
        }
        if (network.width() != shape.width() || network.inputDim() != shape.inputDim()) {
            throw Check.bad("network shape", network.width() + " x " + network.inputDim(),
                    "must equal the session's m x d = " + shape.width() + " x " + shape.inputDim());
        }
        if (network.scaling() != shape.scaling() || network.activation() != shape.activation()) {
            throw Check.bad("network scaling/activation", network.scaling().label() + "/" + network.activation().label(),
                    "must equal the session's " + shape.scaling().label() + "/" + shape.activation().label());
        }
    }
}
