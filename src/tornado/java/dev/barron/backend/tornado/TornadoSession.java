package dev.barron.backend.tornado;

import dev.barron.backend.Angles;
import dev.barron.backend.BatchChecks;
import dev.barron.backend.ProjectionMethod;
import dev.barron.backend.ProjectionResult;
import dev.barron.backend.SessionSpec;
import dev.barron.backend.StepStats;
import dev.barron.backend.TrainingSession;
import dev.barron.model.Check;
import dev.barron.model.Matrix;
import dev.barron.model.Network;

/**
 * A training session on a TornadoVM device: W, a, V, b stay in the plan's persisted buffers;
 * an evaluation brings back three scalars, a step none.
 */
final class TornadoSession implements TrainingSession {

    private final SessionSpec spec;
    private final TornadoState st;
    private boolean pending;
    private boolean closed;

    TornadoSession(SessionSpec spec, TornadoState st) {
        this.spec = spec;
        this.st = st;
    }

    @Override
    public SessionSpec spec() {
        return spec;
    }

    @Override
    public StepStats evaluatePopulation() {
        requireOpen();
        if (spec.teacher() == null) {
            throw new IllegalStateException("evaluatePopulation() needs a teacher: this session was opened without one");
        }
        double[] s = st.evaluatePopulation();
        pending = true;
        return new StepStats(s[0], s[1], s[2]);
    }

    @Override
    public StepStats evaluateEmpirical(Matrix x, double[] y) {
        requireOpen();
        BatchChecks.batch(x, st.d);
        BatchChecks.targets(x, y);
        double[] s = st.evaluateEmpirical(x, y);
        pending = true;
        return new StepStats(s[0], s[1], s[2]);
    }

    @Override
    public void step(double learningRate) {
        requireOpen();
        Check.positive("learningRate", learningRate);
        if (!pending) {
            throw new IllegalStateException("step() needs a gradient: call evaluatePopulation() or evaluateEmpirical()"
                    + " first (each evaluation's gradient is applied at most once, and write()/project() discard it)");
        }
        st.step(learningRate);
        pending = false;
    }

    @Override
    public ProjectionResult project(double radius, ProjectionMethod method) {
        requireOpen();
        pending = false;
        return Projection.project(st, st.precision(), radius, method);
    }

    @Override
    public double pathNormL1() {
        requireOpen();
        return st.pathNormL1();
    }

    @Override
    public Network read() {
        requireOpen();
        return st.read();
    }

    @Override
    public void write(Network network) {
        requireOpen();
        if (network == null) {
            throw Check.bad("network", "null", "a network of the session's shape is required");
        }
        st.write(network);
        pending = false;
    }

    @Override
    public Angles angles() {
        requireOpen();
        return angles(st);
    }

    /** Angles from the state's angle graph: student-teacher (m x k), student-student (m x m), norms. */
    static Angles angles(TornadoState st) {
        int m = st.m;
        int k = st.k;
        int rows = m + k;
        double[] all = st.anglesAndNorms();
        double[] ss = new double[m * m];
        double[] stc = new double[m * k];
        for (int i = 0; i < m; i++) {
            System.arraycopy(all, i * rows, ss, i * m, m);
            System.arraycopy(all, i * rows + m, stc, i * k, k);
        }
        double[] norms = java.util.Arrays.copyOfRange(all, m * rows, m * rows + m);
        return new Angles(new Matrix(m, k, stc), new Matrix(m, m, ss), norms);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            st.close();
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("this training session is closed");
        }
    }
}
