package dev.barron.backend.opencl;

import dev.barron.backend.Angles;
import dev.barron.backend.ProjectionMethod;
import dev.barron.backend.ProjectionResult;
import dev.barron.backend.SessionSpec;
import dev.barron.backend.StepStats;
import dev.barron.backend.TrainingSession;
import dev.barron.model.Check;
import dev.barron.model.Matrix;
import dev.barron.model.Network;

/**
 * A device-resident training session: W, a, V, b are uploaded once; an evaluation reads back
 * three scalars, a step reads nothing, and parameters or angles cross only when asked for.
 * It owns its command queue, so sessions on one device may run in parallel threads.
 */
final class OpenClSession implements TrainingSession {

    private final SessionSpec spec;
    private final ClQueue queue;
    private final DeviceState state;
    private final PathNormOps pathNorms;
    private boolean evaluated;
    private boolean closed;

    OpenClSession(CompiledProgram program, SessionSpec spec) {
        this.spec = spec;
        this.queue = new ClQueue(program);
        try {
            this.state = new DeviceState(queue, spec.initial(), spec.teacher());
            this.pathNorms = new PathNormOps(state);
        } catch (RuntimeException e) {
            queue.close();
            throw e;
        }
    }

    @Override
    public SessionSpec spec() {
        return spec;
    }

    private void open() {
        if (closed) {
            throw new IllegalStateException("the training session is closed");
        }
    }

    @Override
    public StepStats evaluatePopulation() {
        open();
        if (spec.teacher() == null) {
            throw new IllegalStateException("evaluatePopulation() needs a teacher: this session was opened without one");
        }
        double[] s = state.evaluatePopulation(spec.trainOuter());
        evaluated = true;
        return stats(s);
    }

    @Override
    public StepStats evaluateEmpirical(Matrix x, double[] y) {
        open();
        if (x == null || y == null) {
            throw Check.bad(x == null ? "X" : "y", "null", "a batch of samples and targets is required");
        }
        double[] s = state.evaluateEmpirical(x, y, spec.trainOuter());
        evaluated = true;
        return stats(s);
    }

    /** NaN or Inf are reported as they are: the trainer stops on them with its last checkpoint. */
    private static StepStats stats(double[] s) {
        return new StepStats(s[0], s[1], s[2]);
    }

    @Override
    public void step(double learningRate) {
        open();
        Check.positive("learningRate", learningRate);
        if (!evaluated) {
            throw new IllegalStateException("step() needs a gradient: call evaluatePopulation() or evaluateEmpirical()"
                    + " first (each evaluation's gradient is applied at most once, and write()/project() discard it)");
        }
        state.step(learningRate, spec.trainOuter());
        evaluated = false;
    }

    @Override
    public ProjectionResult project(double radius, ProjectionMethod method) {
        open();
        evaluated = false;
        return pathNorms.project(radius, method);
    }

    @Override
    public double pathNormL1() {
        open();
        return pathNorms.pathNormL1();
    }

    @Override
    public Network read() {
        open();
        return state.read();
    }

    @Override
    public void write(Network network) {
        open();
        if (network == null) {
            throw Check.bad("network", "null", "a network of the session's shape is required");
        }
        state.write(network);
        evaluated = false;
    }

    @Override
    public Angles angles() {
        open();
        return state.angles();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                pathNorms.close();
                state.close();
            } finally {
                queue.close();
            }
        }
    }
}
