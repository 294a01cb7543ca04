package dev.barron.backend.tornado;

import dev.barron.backend.BackendException;
import dev.barron.backend.opencl.KernelConstants;
import dev.barron.backend.opencl.KernelGeometry;
import dev.barron.backend.tornado.conventions.TornadoParam;
import dev.barron.model.Check;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Precision;
import dev.barron.model.Teacher;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.TornadoVMBackendType;
import uk.ac.manchester.tornado.api.exceptions.TornadoExecutionPlanException;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A network (and optionally a teacher) resident on a TornadoVM device, with one execution plan
 * whose task graphs are the operations. All device-resident buffers live in one state array at
 * the offsets of a {@link Layout}; the JOCL driver's layout (u = [W; V], ab = [a; b], norms) is
 * kept, so one Gram product W u^T gives W W^T and W V^T side by side and one product C u
 * assembles the gradient.
 *
 * <p>The plan is built once, on first use, with every operation; only what an operation
 * declares crosses to the host: three scalars per evaluation, four per path-norm or bisection
 * step, the parameters and gradient only when read, nothing per update step. The empirical and
 * forward operations are shaped for one batch size n; another n rebuilds the plan (after reading
 * the parameters back), which a trainer with a fixed batch size never does.
 */
final class TornadoState implements AutoCloseable {

    private static final AtomicLong PLANS = new AtomicLong();

    private final TornadoDevice device;
    private final Precision precision;
    private final KernelGeometry geometry;
    final int m;
    final int k;
    final int d;
    final double scale;
    final Network shape;
    final int act;
    final boolean includeOuter;
    private Teacher teacher;

    private int batchN;
    private Layout layout;
    private RealStore state;
    private RealStore params;
    private RealStore stats;
    private RealStore out;
    private RealStore hostIn;
    private RealStore teacherIn;
    private RealStore xIn;
    private RealStore yIn;
    /** The parameters to start the next plan from (the host is ahead of the device until then). */
    private Network hostNetwork;

    private TornadoExecutionPlan plan;
    private Map<String, int[]> ops;
    /** The device holds newer parameters than hostNetwork. */
    private boolean deviceAhead;

    TornadoState(TornadoDevice device, Precision precision, Network net, Teacher teacher, boolean includeOuter) {
        if (teacher != null) {
            teacher.requireCompatible(net);
        }
        this.device = device;
        this.precision = precision;
        this.geometry = KernelGeometry.forMaxWorkGroup(TornadoPlatform.maxWorkGroup(device));
        this.m = net.width();
        this.k = teacher == null ? 0 : teacher.size();
        this.d = net.inputDim();
        this.scale = net.scale();
        this.shape = net;
        this.act = KernelConstants.activationCode(net.activation());
        this.includeOuter = includeOuter;
        this.teacher = teacher;
        this.hostNetwork = net;
    }

    Precision precision() {
        return precision;
    }

    RealStore stateStore() {
        return state;
    }

    Object real(double value) {
        return RealStore.scalar(precision, value);
    }

    // ---- parameters ----

    /** Replaces W and a (same shape, activation and scaling). */
    void write(Network net) {
        if (net.width() != m || net.inputDim() != d) {
            throw Check.bad("network shape", net.width() + " x " + net.inputDim(), "must equal the session's m x d = "
                    + m + " x " + d);
        }
        if (net.activation() != shape.activation() || net.scaling() != shape.scaling()) {
            throw Check.bad("network scaling/activation", net.scaling().label() + "/" + net.activation().label(),
                    "must equal the session's " + shape.scaling().label() + "/" + shape.activation().label());
        }
        hostNetwork = net;
        deviceAhead = false;
        if (plan != null) {
            hostIn.put(0, net.w().data(), 0, m * d);
            hostIn.put(m * d, net.a(), 0, m);
            execute("write");
        }
    }

    /**
     * Loads a network and teacher of this state's shape (same m, k, d, activation, scaling), so
     * that one plan serves many one-off operations: rebuilding a plan costs the kernel builds.
     */
    void load(Network net, Teacher newTeacher) {
        write(net);
        // Teachers, like matrices, are not mutated once handed on: the same object needs no upload.
        if (newTeacher != null && newTeacher != teacher) {
            newTeacher.requireCompatible(net);
            if (newTeacher.size() != k) {
                throw Check.bad("teacher size k", newTeacher.size(), "must equal the state's k = " + k);
            }
            teacher = newTeacher;
            if (plan != null) {
                teacherIn.put(0, newTeacher.v().data(), 0, k * d);
                teacherIn.put(k * d, newTeacher.b(), 0, k);
                execute("writeTeacher");
            }
        }
    }

    Network read() {
        if (plan == null || !deviceAhead) {
            return hostNetwork;
        }
        execute("read");
        hostNetwork = shape.withWeights(new Matrix(m, d, out.copy(0, m * d)), out.copy(m * d, m));
        deviceAhead = false;
        return hostNetwork;
    }

    /** The gradient of the last evaluation: {dL/dW (m x d) row-major, dL/da (length m)}. */
    double[][] readGradient() {
        execute("readGradient");
        return new double[][] {out.copy(0, m * d), out.copy(m * d, m)};
    }

    // ---- operations ----

    /** Population loss and gradient on the device; returns {loss, max row norm, grad norm}. */
    double[] evaluatePopulation() {
        if (k == 0) {
            throw Check.bad("teacher", "null", "the population objective needs a teacher");
        }
        ensurePlan();
        execute("population");
        return stats.copy(0, 3);
    }

    /** Empirical loss and gradient on (x, y); returns {loss, max row norm, grad norm}. */
    double[] evaluateEmpirical(Matrix x, double[] y) {
        ensureBatch(x.rows());
        xIn.put(0, x.data(), 0, x.rows() * d);
        yIn.put(0, y, 0, y.length);
        execute("empirical");
        return stats.copy(0, 3);
    }

    /** Predictions s sum_i a_i sigma(w_i . x_r) (hidden = false), or sigma(X W^T) row-major (n x m). */
    double[] forward(Matrix x, boolean hidden) {
        int n = x.rows();
        ensureBatch(n);
        xIn.put(0, x.data(), 0, n * d);
        execute(hidden ? "hidden" : "forward");
        return out.copy(0, hidden ? n * m : n);
    }

    /** W -= lr gradW and, when the outer weights train, a -= lr gradA, with the new norms. */
    void step(double learningRate) {
        params.set(TornadoParam.LR.slot(), learningRate);
        execute("step");
        deviceAhead = true;
    }

    /** s * sum_i |a_i| |w_i|_1, as dev.barron.math.PathNorms.l1. */
    double pathNormL1() {
        ensurePlan();
        execute("pathNorm");
        return scale * out.get(0);
    }

    /**
     * Prox of lambda * P (lambda s per neuron) into the candidate; returns {objective, path norm
     * of the candidate, s * sum of the prox's own path terms (what the bisection compares)}.
     */
    double[] proxToCandidate(double lambda) {
        ensurePlan();
        setProxParams(lambda, false, true);
        execute("prox");
        return new double[] {out.get(2), scale * out.get(0), scale * out.get(1)};
    }

    /**
     * A bisection step: s * sum of the prox's own path terms at lambda, the candidate left alone.
     * sorted: the scratch already holds the sorted magnitudes of the current (W, a), from an
     * earlier step (the first step of a bisection sorts, the later ones reuse the sort).
     */
    double proxOwnNorm(double lambda, boolean sorted) {
        ensurePlan();
        setProxParams(lambda, sorted, false);
        execute("proxStep");
        return scale * out.get(1);
    }

    private void setProxParams(double lambda, boolean sorted, boolean writeResult) {
        params.set(TornadoParam.LAMBDA.slot(), lambda * scale);
        params.set(TornadoParam.SORTED.slot(), sorted ? 1 : 0);
        params.set(TornadoParam.WRITE.slot(), writeResult ? 1 : 0);
    }

    /** The prox of the last {@link #proxToCandidate} call. */
    Network readCandidate() {
        execute("readCandidate");
        return shape.withWeights(new Matrix(m, d, out.copy(0, m * d)), out.copy(m * d, m));
    }

    /** Keeps the current parameters as the reference of {@link #distanceFromSaved()}. */
    void saveForProjection() {
        ensurePlan();
        execute("projectionSave");
    }

    void rescale(double factor) {
        params.set(TornadoParam.FACTOR.slot(), factor);
        execute("rescale");
        deviceAhead = true;
    }

    void l1Outer(double radiusOverS) {
        params.set(TornadoParam.RADIUS.slot(), radiusOverS);
        execute("l1Outer");
        deviceAhead = true;
    }

    void acceptCandidate() {
        execute("acceptCandidate");
        deviceAhead = true;
    }

    /** Refreshes the norms after a projection; returns the path norm reached. */
    double projectedNorm() {
        execute("projectionNorms");
        return scale * out.get(0);
    }

    /** a *= factor (W unchanged); returns the new path norm. */
    double shrinkOuter(double factor) {
        params.set(TornadoParam.FACTOR.slot(), factor);
        execute("shrinkOuter");
        deviceAhead = true;
        return scale * out.get(0);
    }

    /** Euclidean distance from the parameters saved by {@link #saveForProjection()}. */
    double distanceFromSaved() {
        execute("projectionDistance");
        return out.get(0); // the norm of the per-neuron distances (norm_reduce), not a sum of squares
    }

    /** Angles of every student row against every row of u (m x (m + k), row-major), then the m student norms. */
    double[] anglesAndNorms() {
        ensurePlan();
        execute("angles");
        return out.copy(0, m * (m + k) + m);
    }

    // ---- the plan ----

    private void ensurePlan() {
        if (plan == null) {
            build(batchN);
        }
    }

    /** Shapes the batch operations for n samples, rebuilding the plan when n changes. */
    private void ensureBatch(int n) {
        if (plan != null && batchN == n) {
            return;
        }
        if ((long) n * Math.max(m, d) > Integer.MAX_VALUE / 4) {
            throw Check.bad("batch size n", n, "n * max(m, d) must stay below 2^29 on the tornado backend");
        }
        read();
        closePlan();
        build(n);
    }

    private void build(int n) {
        batchN = n;
        layout = new Layout(m, k, d, n);
        state = new RealStore(precision, layout.length);
        params = new RealStore(precision, TornadoParam.COUNT);
        stats = new RealStore(precision, 3);
        out = new RealStore(precision, layout.outLength);
        hostIn = new RealStore(precision, m * d + m);
        teacherIn = new RealStore(precision, k * d + k);
        xIn = new RealStore(precision, n * d);
        yIn = new RealStore(precision, n);
        state.put(layout.u, hostNetwork.w().data(), 0, m * d);
        state.put(layout.ab, hostNetwork.a(), 0, m);
        if (teacher != null) {
            state.put(layout.u + m * d, teacher.v().data(), 0, k * d);
            state.put(layout.ab + m, teacher.b(), 0, k);
        }
        PlanBuilder pb = new PlanBuilder("barron" + PLANS.incrementAndGet() + "_",
                TornadoProgram.forDevice(device, precision, geometry), geometry, state);
        new TornadoKernels(pb, layout, this).operations(params, stats, out, hostIn, teacherIn, xIn, yIn, n);
        try {
            plan = new TornadoExecutionPlan(pb.snapshots());
            plan.withDevice(device).withGridScheduler(pb.grids());
            if (!TornadoPlatform.isPtx(device)) {
                plan.withCompilerFlags(TornadoVMBackendType.OPENCL, TornadoProgram.buildOptions(precision, geometry));
            }
        } catch (RuntimeException e) {
            throw new BackendException("tornado: building the execution plan failed on " + describe() + ": " + e, e);
        }
        ops = pb.operations();
        execute("init");
        deviceAhead = false;
    }

    private void execute(String op) {
        int[] graphs = ops == null ? null : ops.get(op);
        if (graphs == null) {
            throw new IllegalStateException("tornado: no operation " + op + " in this plan");
        }
        try {
            for (int g : graphs) {
                plan.withGraph(g).execute();
            }
        } catch (RuntimeException e) {
            throw new BackendException("tornado: operation " + op + " failed on " + describe() + ": " + e, e);
        }
    }

    String describe() {
        return device.getPhysicalDevice().getDeviceName() + " (TornadoVM " + TornadoPlatform.version() + ")";
    }

    private void closePlan() {
        if (plan != null) {
            try {
                plan.close();
            } catch (TornadoExecutionPlanException e) {
                throw new BackendException("tornado: releasing the device memory of a plan failed", e);
            } finally {
                plan = null;
                ops = null;
            }
        }
    }

    @Override
    public void close() {
        closePlan();
    }
}
