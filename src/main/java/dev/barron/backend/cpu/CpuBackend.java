package dev.barron.backend.cpu;

import dev.barron.backend.Angles;
import dev.barron.backend.Backend;
import dev.barron.backend.BatchChecks;
import dev.barron.backend.EnsembleEngine;
import dev.barron.backend.LossGradient;
import dev.barron.backend.ProjectionMethod;
import dev.barron.backend.ProjectionResult;
import dev.barron.backend.PathNormProjection;
import dev.barron.backend.ProxResult;
import dev.barron.backend.ResidentSession;
import dev.barron.backend.SessionSpec;
import dev.barron.backend.TrainingSession;
import dev.barron.model.Check;
import dev.barron.model.FloatMatrix;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Precision;
import dev.barron.model.Teacher;

import dev.barron.train.EnsembleResult;
import dev.barron.train.EnsembleRun;
import dev.barron.train.Ensembles;

import java.util.List;
import java.util.concurrent.ForkJoinPool;

/**
 * The reference backend: plain Java, multi-threaded, with a real BLAS for the matrix products.
 *
 * <p>Structure. Matrix products (the Gram matrices W W^T and W V^T, the gradient assembly, the
 * forward and backward products of the empirical loss) go through a BLAS ({@link Gemm}): the
 * OpenBLAS bundled in the jar, else the system's or netlib's Java kernels ({@link BlasLibrary}).
 * The transcendental work between them (angles, kernels, coefficients, activations) runs
 * row-parallel on a fork-join pool owned by this backend ({@link RowParallel}), with per-row
 * result slots so that results do not depend on the thread count.
 *
 * <p>Precision. One code path serves float64 and float32: every GEMM operand lives in a
 * {@link RealArray} of the backend's precision, so a float32 backend multiplies with sgemm in
 * float, while the scalar work reads rows into double scratch and rounds what it stores back.
 * Parameters are rounded to the precision on entry; results come back as doubles holding
 * values of that precision (loss sums are accumulated in double in both cases).
 *
 * <p>Edge cases, as documented in {@link dev.barron.math.GaussianKernel} and
 * {@link dev.barron.math.StableAngle}: the angle with a zero vector is pi/2 (relu gives
 * kappa(0, v) = 0 and grad = v/4, the relu'(0) = 1/2 convention); duplicated neurons have
 * theta = 0 and antiparallel ones theta = pi, both computed by the stable difference formula.
 * An empty or mismatched batch, a negative lambda or radius, and non-finite data are rejected
 * with a message naming the parameter.
 */
public final class CpuBackend implements Backend {

    private final Precision precision;
    private final ForkJoinPool pool;
    private final Gemm gemm;
    private final RowParallel parallel;
    private final PopulationEvaluator population;
    private final EmpiricalEvaluator empirical;
    private final PathNormOperations pathNorms;

    private final CpuEnsemble ensemble;

    public CpuBackend(Precision precision) {
        if (precision == null) {
            throw Check.bad("precision", "null", "allowed: f64, f32");
        }
        this.precision = precision;
        this.pool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
        this.gemm = new Gemm(BlasLibrary.get().blas());
        this.parallel = new RowParallel(pool);
        this.population = new PopulationEvaluator(precision, gemm, parallel);
        this.empirical = new EmpiricalEvaluator(precision, gemm, parallel);
        this.pathNorms = new PathNormOperations(precision, parallel);
        this.ensemble = new CpuEnsemble(this, pool);
    }

    static String describeDevice(int threads) {
        return System.getProperty("os.arch") + " CPU, " + threads + " threads";
    }

    /** The BLAS in use and how it was chosen ({@link BlasLibrary}). */
    static String blasName() {
        return BlasLibrary.get().describe();
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public String device() {
        return describeDevice(pool.getParallelism()) + ", BLAS " + blasName();
    }

    @Override
    public Precision precision() {
        return precision;
    }

    @Override
    public double[] forward(Matrix x, Network net) {
        requireOpen();
        BatchChecks.batchShape(x, net.inputDim());
        return forward(EmpiricalEvaluator.Batch.of(x), net);
    }

    /** Reads float data as it is: a float32 backend never widens it, a float64 one widens each panel exactly. */
    @Override
    public double[] forward(FloatMatrix x, Network net) {
        requireOpen();
        BatchChecks.batchShape(x, net.inputDim());
        return forward(EmpiricalEvaluator.Batch.of(x), net);
    }

    /** The forward pass of a checked batch (its entries checked finite as the panels fill). */
    private double[] forward(EmpiricalEvaluator.Batch x, Network net) {
        Network p = rounded(net);
        return empirical.forward(p.activation(), p.scale(), x, p.w().data(), p.a(), p.width());
    }

    @Override
    public Matrix hidden(Matrix x, Network net) {
        requireOpen();
        BatchChecks.batch(x, net.inputDim());
        Network p = rounded(net);
        return empirical.hidden(p.activation(), x, p.w().data(), p.width());
    }

    @Override
    public LossGradient populationLossAndGradient(Network net, Teacher teacher) {
        requireOpen();
        requireTeacher(teacher, net);
        Network p = rounded(net);
        PreparedTeacher t = prepare(teacher, p);
        return population.evaluate(p.activation(), p.scale(), p.w().data(), p.a(), p.width(), p.inputDim(), t);
    }

    @Override
    public LossGradient empiricalLossAndGradient(Matrix x, double[] y, Network net) {
        requireOpen();
        BatchChecks.batch(x, net.inputDim());
        BatchChecks.targets(x, y);
        Network p = rounded(net);
        return empirical.evaluate(p.activation(), p.scale(), x, null, y, p.w().data(), p.a(), p.width(), p.inputDim());
    }

    @Override
    public ProxResult pathNormProx(Network net, double lambda) {
        requireOpen();
        return pathNorms.prox(rounded(net), lambda);
    }

    @Override
    public ProjectionResult pathNormProject(Network net, double radius, ProjectionMethod method) {
        requireOpen();
        try (CpuResident st = new CpuResident(this, rounded(net), null, true)) {
            return PathNormProjection.project(st, radius, method);
        }
    }

    @Override
    public Angles angles(Network net, Teacher teacher) {
        requireOpen();
        if (teacher != null) {
            teacher.requireCompatible(net);
        }
        Network p = rounded(net);
        return AngleEvaluator.angles(gemm, parallel, precision, p.w().data(), p.width(), p.inputDim(),
                teacher == null ? null : prepareGeometry(teacher));
    }

    @Override
    public TrainingSession openSession(SessionSpec spec) {
        requireOpen();
        if (spec == null) {
            throw Check.bad("spec", "null", "a session spec is required");
        }
        Network p = rounded(spec.initial());
        PreparedTeacher t = spec.teacher() == null ? null : prepare(spec.teacher(), p);
        return new ResidentSession(spec, new CpuResident(this, p, t, spec.trainOuter()));
    }

    /**
     * The runs in parallel over this backend's cores ({@link CpuEnsemble}): f64 relu runs across
     * SIMD lanes (LANES), one small run per core (PER_RUN), or each by the single-run trainer
     * (EXACT, bit for bit); the tolerances are those of docs/ENSEMBLES.md.
     */
    @Override
    public List<EnsembleResult> trainEnsemble(List<EnsembleRun> runs, EnsembleEngine engine) {
        requireOpen();
        Ensembles.requireOneShape(runs);
        return ensemble.train(runs, engine);
    }

    /**
     * Three: every call's workers are tasks of the one pool, which runs them as cores come free;
     * two batches beside the current one fill the cores its longest runs leave idle.
     */
    @Override
    public int concurrentEnsembles() {
        return 3;
    }

    /** Shuts the thread pool down; later calls fail with IllegalStateException. Idempotent. */
    @Override
    public void close() {
        pool.shutdown();
    }

    void requireOpen() {
        if (pool.isShutdown()) {
            throw new IllegalStateException("the cpu backend is closed");
        }
    }

    @Override
    public String toString() {
        return "cpu/" + precision.label();
    }

    // ---- package-private services for the session ----

    PopulationEvaluator population() {
        return population;
    }

    EmpiricalEvaluator empirical() {
        return empirical;
    }

    RowParallel rowParallel() {
        return parallel;
    }

    Angles anglesOf(double[] w, int m, int d, PreparedTeacher teacher) {
        return AngleEvaluator.angles(gemm, parallel, precision, w, m, d, teacher);
    }

    /** The network with its parameters rounded to this backend's precision. */
    Network rounded(Network net) {
        if (net == null) {
            throw Check.bad("network", "null", "a network is required");
        }
        if (precision == Precision.F64) {
            return net;
        }
        double[] w = net.w().data().clone();
        double[] a = net.a().clone();
        for (int t = 0; t < w.length; t++) {
            w[t] = precision.round(w[t]);
        }
        for (int i = 0; i < a.length; i++) {
            a[i] = precision.round(a[i]);
        }
        return net.withWeights(new Matrix(net.width(), net.inputDim(), w), a);
    }

    PreparedTeacher prepare(Teacher teacher, Network net) {
        return PreparedTeacher.of(teacher, precision, population, net.activation());
    }

    /** A teacher for angles only: the loss constant is not needed. */
    private PreparedTeacher prepareGeometry(Teacher teacher) {
        return PreparedTeacher.geometry(teacher, precision);
    }

    private static void requireTeacher(Teacher teacher, Network net) {
        if (teacher == null) {
            throw Check.bad("teacher", "null", "the population loss needs a teacher (V, b)");
        }
        if (net == null) {
            throw Check.bad("network", "null", "a network is required");
        }
        teacher.requireCompatible(net);
    }
}
