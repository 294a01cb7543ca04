package dev.barron.backend.tornado;

import dev.barron.backend.BackendException;
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

import static dev.barron.backend.tornado.PlanBuilder.in;
import static dev.barron.backend.tornado.PlanBuilder.io;
import static dev.barron.backend.tornado.PlanBuilder.out;

/**
 * A network (and optionally a teacher) resident on a TornadoVM device, with one execution plan
 * whose task graphs are the operations. The layout is the JOCL driver's: u = [W; V] ((m + k) x d,
 * students first), ab = [a; b], norms = the row norms of u; one Gram product W u^T gives W W^T
 * and W V^T side by side, and one product C u assembles the gradient.
 *
 * <p>The plan is built once, on first use, and holds every graph; the graphs hand u, ab, norms,
 * the gradient and the prox candidate to each other with persistOnDevice / consumeFromDevice,
 * so that only the graph's declared downloads cross to the host: three scalars per evaluation,
 * four per path-norm or bisection step, the parameters and gradient only when read. The
 * empirical and forward graphs are shaped for one batch size n; a different n rebuilds the
 * plan (after reading the parameters back), which a trainer with a fixed batch never does.
 */
final class TornadoState implements AutoCloseable {

    private static final AtomicLong PLANS = new AtomicLong();

    private final TornadoDevice device;
    private final Precision precision;
    private final TornadoProgram.Geometry geometry;
    final int m;
    final int k;
    final int d;
    final double scale;
    final Network shape;
    private final int act;
    private final boolean includeOuter;

    // device-resident state (host mirrors are only meaningful right after an upload or download)
    private final RealStore u;
    private final RealStore ab;
    private final RealStore norms;
    private final RealStore rowLoss;
    private final RealStore gradW;
    private final RealStore gradA;
    private final RealStore wCand;
    private final RealStore aCand;
    private final RealStore wPrev;
    private final RealStore aPrev;
    // per-graph work buffers
    private final RealStore gram;
    private final RealStore coef;
    private final RealStore rowScale;
    private final RealStore gramT;
    private final RealStore coefT;
    private final RealStore stats;
    private final RealStore scalars;
    private final RealStore params;
    private final RealStore terms;
    private final RealStore objTerms;
    private final RealStore scratch;
    private final RealStore tau;
    private Batch batch;

    private TornadoExecutionPlan plan;
    private Map<String, Integer> graphs;
    /** The device holds newer parameters than the host mirrors u, ab. */
    private boolean deviceAhead;

    TornadoState(TornadoDevice device, Precision precision, Network net, Teacher teacher, boolean includeOuter) {
        if (teacher != null) {
            teacher.requireCompatible(net);
        }
        this.device = device;
        this.precision = precision;
        this.geometry = TornadoProgram.Geometry.forMaxWorkGroup(TornadoPlatform.maxWorkGroup(device));
        this.m = net.width();
        this.k = teacher == null ? 0 : teacher.size();
        this.d = net.inputDim();
        this.scale = net.scale();
        this.shape = net;
        this.act = net.activation().ordinal();
        this.includeOuter = includeOuter;
        int rows = m + k;
        long md = (long) m * d;
        Check.positive("(m + k) * d", (double) rows * d);
        if ((long) rows * Math.max(rows, d) > Integer.MAX_VALUE) {
            throw Check.bad("m + k", rows, "(m + k) * max(m + k, d) must stay below 2^31 on the tornado backend");
        }
        u = store(rows * d);
        ab = store(rows);
        norms = store(rows);
        rowLoss = store(rows);
        gradW = store((int) md);
        gradA = store(rows);
        wCand = store((int) md);
        aCand = store(m);
        wPrev = store((int) md);
        aPrev = store(m);
        gram = store(m * rows);
        coef = store(m * rows);
        rowScale = store(rows);
        gramT = store(k * k);
        coefT = store(k * k);
        stats = store(3);
        scalars = store(4);
        params = store(4);
        terms = store(m);
        objTerms = store(m);
        scratch = store((int) Math.max(md, m));
        tau = store(1);
        if (teacher != null) {
            u.put(m * d, teacher.v().data(), 0, k * d);
            ab.put(m, teacher.b(), 0, k);
        }
        putNetwork(net);
    }

    private RealStore store(int length) {
        return new RealStore(precision, length);
    }

    // ---- parameters ----

    /** Replaces W and a (same shape, activation and scaling); the next graph uploads them. */
    void write(Network net) {
        if (net.width() != m || net.inputDim() != d) {
            throw Check.bad("network shape", net.width() + " x " + net.inputDim(), "must equal the session's m x d = "
                    + m + " x " + d);
        }
        if (net.activation() != shape.activation() || net.scaling() != shape.scaling()) {
            throw Check.bad("network scaling/activation", net.scaling().label() + "/" + net.activation().label(),
                    "must equal the session's " + shape.scaling().label() + "/" + shape.activation().label());
        }
        putNetwork(net);
        if (plan != null) {
            execute("upload");
        }
    }

    private void putNetwork(Network net) {
        u.put(0, net.w().data(), 0, m * d);
        ab.put(0, net.a(), 0, m);
        deviceAhead = false;
    }

    Network read() {
        ensurePlan();
        execute("read");
        deviceAhead = false;
        return hostNetwork();
    }

    private Network hostNetwork() {
        return shape.withWeights(new Matrix(m, d, u.copy(0, m * d)), ab.copy(0, m));
    }

    /** The gradient of the last evaluation: dL/dW (m x d) and dL/da (length m). */
    Matrix readGradW() {
        execute("readGradient");
        return new Matrix(m, d, gradW.copy(0, m * d));
    }

    double[] readGradA() {
        return gradA.copy(0, m);
    }

    // ---- operations ----

    /** Population loss and gradient into the device's gradW/gradA; returns {loss, max row norm, grad norm}. */
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
        batch.x.put(0, x.data(), 0, x.rows() * d);
        batch.y.put(0, y, 0, y.length);
        execute("empirical");
        return stats.copy(0, 3);
    }

    /** Predictions s sum_i a_i sigma(w_i . x_r) (hidden = false), or sigma(X W^T) row-major (n x m). */
    double[] forward(Matrix x, boolean hidden) {
        int n = x.rows();
        ensureBatch(n);
        batch.x.put(0, x.data(), 0, n * d);
        execute("forward");
        return hidden ? batch.h.copy(0, n * m) : batch.residual.copy(0, n);
    }

    /** W -= lr gradW and, when the outer weights train, a -= lr gradA, with the new norms. */
    void step(double learningRate) {
        params.set(TornadoKernels.PARAM_LR, learningRate);
        execute("step");
        deviceAhead = true;
    }

    double pathNormL1() {
        ensurePlan();
        execute("pathNorm");
        return scalars.get(0);
    }

    /** Prox of lambda * P (lambda already times s) into the candidate; returns {objective, path norm}. */
    double[] proxToCandidate(double effectiveLambda) {
        ensurePlan();
        params.set(TornadoKernels.PARAM_LAMBDA, effectiveLambda);
        execute("prox");
        return new double[] {scalars.get(2), scalars.get(1)};
    }

    Network readCandidate() {
        execute("readCandidate");
        return shape.withWeights(new Matrix(m, d, wCand.copy(0, m * d)), aCand.copy(0, m));
    }

    /** Keeps the current parameters as the reference of the next {@link #finishProjection()}. */
    void saveForProjection() {
        ensurePlan();
        execute("projectionSave");
    }

    void rescale(double factor) {
        params.set(TornadoKernels.PARAM_FACTOR, factor);
        execute("rescale");
        deviceAhead = true;
    }

    void l1Outer(double radiusOverS) {
        params.set(TornadoKernels.PARAM_RADIUS, radiusOverS);
        execute("l1Outer");
        deviceAhead = true;
    }

    void acceptCandidate() {
        execute("acceptCandidate");
        deviceAhead = true;
    }

    /** Refreshes the norms; returns {path norm, squared distance to the saved parameters}. */
    double[] finishProjection() {
        execute("projectionFinish");
        return new double[] {scalars.get(0), scalars.get(3)};
    }

    /** The saved parameters of {@link #saveForProjection()}. */
    Network readSaved() {
        execute("readSaved");
        return shape.withWeights(new Matrix(m, d, wPrev.copy(0, m * d)), aPrev.copy(0, m));
    }

    /** Angles of every student row against every row of u: m x (m + k) row-major, and the student norms. */
    double[] angles() {
        ensurePlan();
        execute("angles");
        return coef.copy(0, m * (m + k));
    }

    double[] studentNorms() {
        return norms.copy(0, m);
    }

    // ---- the plan ----

    private void ensurePlan() {
        if (plan == null) {
            build(batch);
        }
    }

    /** Shapes the empirical and forward graphs for n samples, rebuilding the plan when n changes. */
    private void ensureBatch(int n) {
        if (batch != null && batch.n == n && plan != null) {
            return;
        }
        if ((long) n * Math.max(m, d) > Integer.MAX_VALUE) {
            throw Check.bad("batch size n", n, "n * max(m, d) must stay below 2^31 on the tornado backend");
        }
        if (plan != null && deviceAhead) {
            execute("read");
            deviceAhead = false;
        }
        closePlan();
        batch = new Batch(n);
        build(batch);
    }

    private void build(Batch b) {
        String prefix = "barron" + PLANS.incrementAndGet() + "_";
        PlanBuilder pb = new PlanBuilder(prefix, TornadoProgram.path(), geometry);
        TornadoKernels kernels = new TornadoKernels(pb);
        int rows = m + k;
        // upload: parameters (and teacher) to the device, their norms, the teacher's constant loss rows
        PlanBuilder.Graph upload = pb.graph("upload").upload(u, ab)
                .task("tornado_row_norms", pb.groups(rows), in(u), 0, d, io(norms));
        if (k > 0) {
            upload.uploadOnce(rowLoss, gradA, rowScale)
                    .task("tornado_gram", pb.tiles(k, k), in(u), m, in(u), m, out(gramT), k, k, d)
                    .task("tornado_pair_coefficients", pb.groups(k), in(gramT), in(u), in(norms), in(ab), m,
                            real(scale), m, m, k, d, act, out(coefT), io(rowLoss), io(gradA), io(rowScale))
                    .persist(rowLoss, gradA, rowScale);
        }
        upload.persist(u, ab, norms).done();
        if (k > 0) {
            pb.graph("population").consume(u, ab, norms, rowLoss, gradA, rowScale)
                    .task("tornado_gram", pb.tiles(rows, m), in(u), 0, in(u), 0, out(gram), m, rows, d)
                    .task("tornado_pair_coefficients", pb.groups(m), in(gram), in(u), in(norms), in(ab), m,
                            real(scale), 0, 0, rows, d, act, out(coef), io(rowLoss), io(gradA), io(rowScale))
                    .task("tornado_gradient_assembly", pb.tiles(d, m), in(coef), in(u), in(rowScale), m, rows, d,
                            out(gradW))
                    .task("tornado_step_stats", pb.reduction(), in(rowLoss), rows, in(gradW), m, d, in(gradA),
                            includeOuter ? 1 : 0, out(stats))
                    .download(stats).persist(gradW, gradA, rowLoss, rowScale).done();
        }
        if (b != null) {
            kernels.batchGraphs(b, u, ab, gradW, gradA, stats, m, d, real(scale), act, includeOuter);
        }
        pb.graph("step").consume(u, ab, norms, gradW, gradA).upload(params)
                .task("tornado_gd_update", pb.groups(m), io(u), in(gradW), io(ab), in(gradA), d, in(params),
                        includeOuter ? 1 : 0, io(norms))
                .persist(u, ab, norms).done();
        pb.graph("read").consume(u, ab, norms).task("tornado_touch", pb.single(), io(u), io(ab), io(norms))
                .download(u, ab, norms).persist(u, ab, norms).done();
        pb.graph("readGradient").consume(gradW, gradA).task("tornado_touch", pb.single(), io(gradW), io(gradA),
                io(gradA)).download(gradW, gradA).persist(gradW, gradA).done();
        kernels.pathNormGraphs(u, ab, norms, wCand, aCand, wPrev, aPrev, params, terms, objTerms, scratch, tau,
                scalars, m, d, real(scale));
        pb.graph("angles").consume(u, norms)
                .task("tornado_gram", pb.tiles(rows, m), in(u), 0, in(u), 0, out(gram), m, rows, d)
                .task("tornado_pair_angles", pb.tiles(rows, m), in(gram), in(u), in(norms), 0, m, 0, rows, d,
                        out(coef))
                .download(coef, norms).persist(u, norms).done();
        try {
            plan = new TornadoExecutionPlan(pb.snapshots());
            plan.withDevice(device).withGridScheduler(pb.grids())
                    .withCompilerFlags(TornadoVMBackendType.OPENCL, TornadoProgram.buildOptions(precision, geometry));
        } catch (RuntimeException e) {
            throw new BackendException("tornado: building the execution plan failed on " + describe() + ": " + e, e);
        }
        graphs = pb.indices();
        execute("upload");
    }

    private void execute(String graph) {
        Integer index = graphs == null ? null : graphs.get(graph);
        if (index == null) {
            throw new IllegalStateException("tornado: no task graph " + graph + " in this plan");
        }
        try {
            plan.withGraph(index).execute();
        } catch (RuntimeException e) {
            throw new BackendException("tornado: task graph " + graph + " failed on " + describe() + ": " + e, e);
        }
    }

    Precision precision() {
        return precision;
    }

    Object real(double value) {
        return RealStore.scalar(precision, value);
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
                graphs = null;
            }
        }
    }

    @Override
    public void close() {
        closePlan();
    }

    /** The buffers of one batch size: x (n x d), y, h and deriv (n x m), residual, loss parts. */
    final class Batch {
        final int n;
        final RealStore x;
        final RealStore y;
        final RealStore h;
        final RealStore deriv;
        final RealStore residual;
        final RealStore lossParts;

        Batch(int n) {
            this.n = n;
            x = store(n * d);
            y = store(n);
            h = store(n * m);
            deriv = store(n * m);
            residual = store(n);
            lossParts = store(n);
        }
    }
}
