package dev.barron.backend.cpu;

import dev.barron.backend.Angles;
import dev.barron.backend.BatchChecks;
import dev.barron.backend.LossGradient;
import dev.barron.backend.ProjectionMethod;
import dev.barron.backend.ProjectionResult;
import dev.barron.backend.SessionSpec;
import dev.barron.backend.StepStats;
import dev.barron.backend.TrainingSession;
import dev.barron.math.PathNorms;
import dev.barron.model.Check;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Precision;

/**
 * A training session of the CPU backend. "Device-resident" here means the session owns its
 * copies of W and a (rounded to the backend precision) and of the prepared teacher, whose
 * loss constant 1/2 b^T K(V, V) b is computed once at opening.
 *
 * <p>Protocol: evaluate, then {@link #step}. A gradient is applied at most once: step() without
 * a fresh evaluation, or after write() or project() changed the parameters, is an
 * IllegalStateException, so that a stale gradient is never applied silently.
 */
final class CpuTrainingSession implements TrainingSession {

    private final CpuBackend backend;
    private final SessionSpec spec;
    private final PreparedTeacher teacher;
    private final Network shape;
    private final int m;
    private final int d;
    private double[] w;
    private double[] a;
    private LossGradient pending;
    private boolean closed;

    CpuTrainingSession(CpuBackend backend, SessionSpec spec, Network initial, PreparedTeacher teacher) {
        this.backend = backend;
        this.spec = spec;
        this.teacher = teacher;
        this.shape = initial;
        this.m = initial.width();
        this.d = initial.inputDim();
        this.w = initial.w().data().clone();
        this.a = initial.a().clone();
    }

    @Override
    public SessionSpec spec() {
        return spec;
    }

    @Override
    public StepStats evaluatePopulation() {
        requireOpen();
        if (teacher == null) {
            throw new IllegalStateException("evaluatePopulation() needs a teacher: this session was opened without one");
        }
        pending = backend.population().evaluate(shape.activation(), shape.scale(), w, a, m, d, teacher);
        return stats(pending);
    }

    @Override
    public StepStats evaluateEmpirical(Matrix x, double[] y) {
        requireOpen();
        BatchChecks.batch(x, d);
        BatchChecks.targets(x, y);
        pending = backend.empirical().evaluate(shape.activation(), shape.scale(), x, y, w, a, m, d);
        return stats(pending);
    }

    @Override
    public void step(double learningRate) {
        requireOpen();
        Check.positive("learningRate", learningRate);
        if (pending == null) {
            throw new IllegalStateException("step() needs a gradient: call evaluatePopulation() or evaluateEmpirical()"
                    + " first (each evaluation's gradient is applied at most once, and write()/project() discard it)");
        }
        Precision p = backend.precision();
        double[] g = pending.gradW().data();
        for (int t = 0; t < w.length; t++) {
            w[t] = p.round(w[t] - learningRate * g[t]);
        }
        if (spec.trainOuter()) {
            double[] ga = pending.gradA();
            for (int i = 0; i < m; i++) {
                a[i] = p.round(a[i] - learningRate * ga[i]);
            }
        }
        pending = null;
    }

    @Override
    public ProjectionResult project(double radius, ProjectionMethod method) {
        requireOpen();
        ProjectionResult r = backend.pathNorms().project(current(), radius, method);
        w = r.network().w().data().clone();
        a = r.network().a().clone();
        pending = null;
        return r;
    }

    @Override
    public double pathNormL1() {
        requireOpen();
        return PathNorms.l1(w, a, m, d, shape.scale());
    }

    @Override
    public Network read() {
        requireOpen();
        return current();
    }

    @Override
    public void write(Network network) {
        requireOpen();
        if (network == null) {
            throw Check.bad("network", "null", "a network of the session's shape is required");
        }
        if (network.width() != m || network.inputDim() != d) {
            throw Check.bad("network shape", network.width() + " x " + network.inputDim(),
                    "must equal the session's m x d = " + m + " x " + d);
        }
        if (network.scaling() != shape.scaling() || network.activation() != shape.activation()) {
            throw Check.bad("network scaling/activation", network.scaling().label() + "/" + network.activation().label(),
                    "must equal the session's " + shape.scaling().label() + "/" + shape.activation().label());
        }
        Network r = backend.rounded(network);
        w = r.w().data().clone();
        a = r.a().clone();
        pending = null;
    }

    @Override
    public Angles angles() {
        requireOpen();
        return backend.anglesOf(w, m, d, teacher);
    }

    @Override
    public void close() {
        closed = true;
    }

    private Network current() {
        return shape.withWeights(new Matrix(m, d, w.clone()), a.clone());
    }

    private StepStats stats(LossGradient g) {
        return new StepStats(g.loss(), g.maxNeuronGradNorm(), g.gradNorm(spec.trainOuter()));
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the training session is closed");
        }
        backend.requireOpen();
    }
}
