package dev.barron.backend.cpu;

import dev.barron.backend.Angles;
import dev.barron.backend.LossGradient;
import dev.barron.backend.ResidentState;
import dev.barron.backend.StepStats;
import dev.barron.math.CompensatedSum;
import dev.barron.math.L1BallProjection;
import dev.barron.math.NeuronProx;
import dev.barron.math.PathNorms;
import dev.barron.model.FloatMatrix;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Precision;

/**
 * The CPU backend's resident state: its own copies of W and a (rounded to the backend precision)
 * and the prepared teacher, whose loss constant 1/2 b^T K(V, V) b is computed once at opening.
 * Every move rounds what it stores to the precision, as a device stores it.
 */
final class CpuResident implements ResidentState {

    private final CpuBackend backend;
    private final Network shape;
    private final PreparedTeacher teacher;
    private final boolean trainOuter;
    private final int m;
    private final int d;
    private double[] w;
    private double[] a;
    private LossGradient pending;
    private Network saved;
    /** The neurons sorted for the prox of the current parameters (null: not sorted yet). */
    private NeuronProx.Sorted[] sorted;
    /** The last X evaluated on, and its entries rounded to float32 ({@link #rounded}). */
    private Matrix lastX;
    private FloatMatrix roundedX;

    /** initial is already rounded to the backend's precision. */
    CpuResident(CpuBackend backend, Network initial, PreparedTeacher teacher, boolean trainOuter) {
        this.backend = backend;
        this.shape = initial;
        this.teacher = teacher;
        this.trainOuter = trainOuter;
        this.m = initial.width();
        this.d = initial.inputDim();
        this.w = initial.w().data().clone();
        this.a = initial.a().clone();
    }

    @Override
    public Network shape() {
        return shape;
    }

    @Override
    public Precision precision() {
        return backend.precision();
    }

    @Override
    public boolean hasTeacher() {
        return teacher != null;
    }

    @Override
    public StepStats evaluatePopulation() {
        backend.requireOpen();
        pending = backend.population().evaluate(shape.activation(), shape.scale(), w, a, m, d, teacher);
        return stats(pending);
    }

    @Override
    public StepStats evaluateEmpirical(Matrix x, double[] y) {
        backend.requireOpen();
        pending = backend.empirical().evaluate(shape.activation(), shape.scale(), x, rounded(x), y, w, a, m, d);
        return stats(pending);
    }

    /**
     * X rounded to float32 for a float32 session's fused kernel, made when the same X comes a
     * second time and kept while it keeps coming (a Matrix is not changed once handed on): a
     * full-batch fit passes the same X every step, and rounding it panel by panel took about a
     * tenth of the kernel's products. Null otherwise: a batch seen once is rounded a panel at a time.
     */
    private FloatMatrix rounded(Matrix x) {
        if (precision() != Precision.F32 || !EmpiricalEvaluator.fused(shape.activation(), d)) {
            return null;
        }
        if (x != lastX) {
            lastX = x;
            roundedX = null;
        } else if (roundedX == null) {
            roundedX = FloatMatrix.rounded(x);
        }
        return roundedX;
    }

    private StepStats stats(LossGradient g) {
        return new StepStats(g.loss(), g.maxNeuronGradNorm(), g.gradNorm(trainOuter));
    }

    @Override
    public void step(double learningRate) {
        Precision p = precision();
        double[] g = pending.gradW().data();
        for (int t = 0; t < w.length; t++) {
            w[t] = p.round(w[t] - learningRate * g[t]);
        }
        if (trainOuter) {
            double[] ga = pending.gradA();
            for (int i = 0; i < m; i++) {
                a[i] = p.round(a[i] - learningRate * ga[i]);
            }
        }
        moved();
    }

    @Override
    public Network read() {
        return shape.withWeights(new Matrix(m, d, w.clone()), a.clone());
    }

    @Override
    public void write(Network network) {
        Network r = backend.rounded(network);
        w = r.w().data().clone();
        a = r.a().clone();
        moved();
    }

    private void moved() {
        pending = null;
        sorted = null;
    }

    @Override
    public double pathNormL1() {
        return PathNorms.l1(w, a, m, d, shape.scale());
    }

    @Override
    public Angles angles() {
        backend.requireOpen();
        return backend.anglesOf(w, m, d, teacher);
    }

    @Override
    public void saveForProjection() {
        saved = read();
    }

    @Override
    public void rescale(double factor) {
        for (int t = 0; t < w.length; t++) {
            w[t] = round(w[t] * factor);
        }
        for (int i = 0; i < m; i++) {
            a[i] = round(a[i] * factor);
        }
        moved();
    }

    /** Neurons with w_i = 0 carry no path norm and are left as they are. */
    @Override
    public void l1Outer(double radius) {
        double[] u = new double[m];
        boolean[] live = new boolean[m];
        for (int i = 0; i < m; i++) {
            double n1 = PathNorms.l1Row(w, i * d, d);
            if (n1 == 0) {
                continue;
            }
            u[i] = a[i] * n1;
            for (int t = 0; t < d; t++) {
                w[i * d + t] = round(w[i * d + t] / n1);
            }
            live[i] = PathNorms.l1Row(w, i * d, d) != 0;
        }
        double[] projected = L1BallProjection.project(u, radius / shape.scale());
        for (int i = 0; i < m; i++) {
            if (live[i]) {
                a[i] = round(projected[i]);
            }
        }
        moved();
    }

    @Override
    public double proxOwnNorm(double lambda, boolean alreadySorted) {
        double effective = lambda * shape.scale();
        NeuronProx.Sorted[] s = sortedNeurons();
        double[] terms = new double[m];
        backend.rowParallel().forRows(m, 2L * d, (from, to) -> {
            for (int i = from; i < to; i++) {
                terms[i] = s[i].choose(effective).pathTerm();
            }
        });
        return shape.scale() * CompensatedSum.of(terms);
    }

    @Override
    public void acceptProx(double lambda) {
        double effective = lambda * shape.scale();
        NeuronProx.Sorted[] s = sortedNeurons();
        double[] w0 = w;
        double[] a0 = a;
        double[] wNew = new double[m * d];
        double[] aNew = new double[m];
        backend.rowParallel().forRows(m, 2L * d, (from, to) -> {
            for (int i = from; i < to; i++) {
                s[i].write(s[i].choose(effective), a0[i], w0, i * d, aNew, i, wNew, i * d);
            }
        });
        for (int t = 0; t < wNew.length; t++) {
            wNew[t] = round(wNew[t]);
        }
        for (int i = 0; i < m; i++) {
            aNew[i] = round(aNew[i]);
        }
        w = wNew;
        a = aNew;
        moved();
    }

    private NeuronProx.Sorted[] sortedNeurons() {
        if (sorted == null) {
            NeuronProx.Sorted[] s = new NeuronProx.Sorted[m];
            backend.rowParallel().forRows(m, 16L * d, (from, to) -> {
                for (int i = from; i < to; i++) {
                    s[i] = new NeuronProx.Sorted(a[i], w, i * d, d);
                }
            });
            sorted = s;
        }
        return sorted;
    }

    @Override
    public double projectedNorm() {
        return pathNormL1();
    }

    @Override
    public double shrinkOuter(double factor) {
        for (int i = 0; i < m; i++) {
            a[i] = round(a[i] * factor);
        }
        moved();
        return pathNormL1();
    }

    @Override
    public double distanceFromSaved() {
        return PathNormOperations.distance(saved, read());
    }

    private double round(double v) {
        return precision().round(v);
    }

    @Override
    public void close() {
    }
}
