package dev.barron.backend.cpu;

import dev.barron.backend.StepStats;
import dev.barron.math.CompensatedSum;
import dev.barron.math.StableAngle;
import dev.barron.model.Activation;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Precision;

/**
 * One relu run of an ensemble in float64, evaluated without BLAS and without allocating: the
 * closed-form population loss and gradient of {@link PopulationEvaluator}
 * (docs/MATH.md section 3) for a problem so small that the products are a few hundred flops, with every
 * array allocated once per run. Same formulas, same angles ({@link PairGeometry#angle}: the
 * Gram cosine, or the stable direct form near (anti)parallel pairs), same compensated loss;
 * the dot products sum in plain index order, where the BLAS of the single-run path sums in its
 * own, which is the only difference between the two.
 *
 * <p>Rows are not rescaled by powers of two as the general evaluator does: {@link #inRange}
 * says when the weights have left the magnitudes where that cannot matter (every row norm in
 * [2^-400, 2^400], or zero), and the engine then trains the run again on the general path.
 */
final class SmallReluRun {

    /** The row norms the small paths take (LaneBlock too): outside, the general path rescales rows. */
    static final double LOW = 0x1p-400;
    static final double HIGH = 0x1p400;
    static final double INV_2PI = 1 / (2 * Math.PI);

    private final int m;
    private final int k;
    private final int d;
    private final double s;
    private final double[] v;
    private final double[] b;
    private final double[] normsV;
    private final double teacherConstant;
    final double[] w;
    final double[] a;
    final double[] gradW;
    final double[] gradA;
    private final double[] normsW;
    private final double[] theta;
    private final double[] cos;
    private final double[] sin;
    private final double[] pair = new double[3];
    private final double[] coef;
    private boolean inRange;

    SmallReluRun(Network shape, PreparedTeacher teacher) {
        m = shape.width();
        d = shape.inputDim();
        k = teacher.k();
        s = shape.scale();
        v = new double[k * d];
        normsV = new double[k];
        for (int j = 0; j < k; j++) {
            double scale = Math.scalb(1.0, teacher.exponents()[j]);
            for (int t = 0; t < d; t++) {
                v[j * d + t] = teacher.v()[j * d + t] * scale;
            }
            normsV[j] = teacher.trueNorm(j);
        }
        b = teacher.b().clone();
        teacherConstant = teacher.constant();
        w = new double[m * d];
        a = new double[m];
        gradW = new double[m * d];
        gradA = new double[m];
        normsW = new double[m];
        theta = new double[m * m];
        cos = new double[m * m];
        sin = new double[m * m];
        coef = new double[m + k];
    }

    /** Whether this shape and precision can run here. */
    static boolean suits(Network net, Precision precision) {
        return net.activation() == Activation.RELU && precision == Precision.F64;
    }

    void load(Network net) {
        System.arraycopy(net.w().data(), 0, w, 0, w.length);
        System.arraycopy(net.a(), 0, a, 0, m);
    }

    Network read(Network shape) {
        return shape.withWeights(new Matrix(m, d, w.clone()), a.clone());
    }

    /** False once a row norm left [2^-400, 2^400] (zero rows excepted) at the last evaluation. */
    boolean inRange() {
        return inRange;
    }

    /** Loss and gradient at the current weights (gradient kept in gradW, gradA), with the trainer's norms. */
    StepStats evaluate(boolean trainOuter) {
        inRange = true;
        for (int i = 0; i < m; i++) {
            double n = Math.sqrt(dot(w, i * d, w, i * d));
            inRange &= n == 0 || (n >= LOW && n <= HIGH) || !Double.isFinite(n);
            normsW[i] = n;
        }
        studentAngles();
        CompensatedSum loss = new CompensatedSum();
        for (int i = 0; i < m; i++) {
            row(i, loss);
        }
        loss.add(teacherConstant);
        double maxNeuron = 0;
        for (int i = 0; i < m; i++) {
            maxNeuron = Math.max(maxNeuron, StableAngle.norm(gradW, i * d, d));
        }
        double norm = StableAngle.norm(gradW, 0, gradW.length);
        if (trainOuter) {
            norm = Math.hypot(norm, StableAngle.norm(gradA, 0, m));
        }
        return new StepStats(loss.value(), maxNeuron, norm);
    }

    /** w -= lr grad (and a when trained), as the CPU session steps. */
    void step(double lr, boolean trainOuter) {
        for (int t = 0; t < w.length; t++) {
            w[t] = w[t] - lr * gradW[t];
        }
        if (trainOuter) {
            for (int i = 0; i < m; i++) {
                a[i] = a[i] - lr * gradA[i];
            }
        }
    }

    /** theta, cos, sin of every student pair, each unordered pair once (the angle is symmetric). */
    private void studentAngles() {
        for (int i = 0; i < m; i++) {
            theta[i * m + i] = 0;
            cos[i * m + i] = 1;
            sin[i * m + i] = 0;
            for (int q = i + 1; q < m; q++) {
                angle(dot(w, i * d, w, q * d), normsW[i], normsW[q], w, i * d, w, q * d, pair, 0);
                theta[i * m + q] = pair[0];
                theta[q * m + i] = pair[0];
                cos[i * m + q] = pair[1];
                cos[q * m + i] = pair[1];
                sin[i * m + q] = pair[2];
                sin[q * m + i] = pair[2];
            }
        }
    }

    /**
     * theta, cos theta, sin theta of one pair into out[at ..], as {@link PairGeometry#angle} and
     * {@link PairGeometry#cosSin} give them.
     */
    private void angle(double dot, double nx, double ny, double[] x, int xo, double[] y, int yo, double[] out, int at) {
        double c = StableAngle.cosine(nx, ny, dot);
        if (StableAngle.gramIsAccurate(c)) {
            double sn = Math.sqrt((1 - c) * (1 + c));
            out[at] = FdlibmAtan.atan2(sn, c);
            out[at + 1] = c;
            out[at + 2] = sn;
        } else {
            double t = StableAngle.direct(x, xo, nx, y, yo, ny, d);
            out[at] = t;
            out[at + 1] = Math.cos(t);
            out[at + 2] = Math.sin(t);
        }
    }

    /** Row i: dL/da_i, its loss terms, and grad_{w_i} L (the coefficient rows of PopulationEvaluator). */
    private void row(int i, CompensatedSum lossTotal) {
        double ri = s * a[i];
        double ni = normsW[i];
        CompensatedSum kStudents = new CompensatedSum();
        double alphaStudents = 0;
        for (int q = 0; q < m; q++) {
            int at = i * m + q;
            double qh = s * a[q];
            double piMinus = Math.PI - theta[at];
            double nq = normsW[q];
            kStudents.add(qh * (nq == 0 ? 0 : ni * nq * (sin[at] + piMinus * cos[at]) * INV_2PI));
            alphaStudents += qh * (nq == 0 || ni == 0 ? 0 : nq * sin[at] * INV_2PI / ni);
            coef[q] = ri * qh * (nq == 0 ? 0 : piMinus * INV_2PI);
        }
        CompensatedSum kTeachers = new CompensatedSum();
        double alphaTeachers = 0;
        for (int j = 0; j < k; j++) {
            angle(dot(w, i * d, v, j * d), ni, normsV[j], w, i * d, v, j * d, pair, 0);
            double nj = normsV[j];
            double piMinus = Math.PI - pair[0];
            kTeachers.add(b[j] * (nj == 0 ? 0 : ni * nj * (pair[2] + piMinus * pair[1]) * INV_2PI));
            alphaTeachers += b[j] * (nj == 0 || ni == 0 ? 0 : nj * pair[2] * INV_2PI / ni);
            coef[m + j] = -ri * b[j] * (nj == 0 ? 0 : piMinus * INV_2PI);
        }
        coef[i] += ri * (alphaStudents - alphaTeachers);
        // grad_{w_i} = sum_q coef_q w_q + sum_j coef_{m+j} v_j, as axpys over whole rows (each
        // entry still sums its terms in q, then j order) so that the JIT vectorises them.
        int gi = i * d;
        java.util.Arrays.fill(gradW, gi, gi + d, 0.0);
        for (int q = 0; q < m; q++) {
            axpy(coef[q], w, q * d, gradW, gi, d);
        }
        for (int j = 0; j < k; j++) {
            axpy(coef[m + j], v, j * d, gradW, gi, d);
        }
        gradA[i] = s * (kStudents.value() - kTeachers.value());
        // Row i's terms compensated on their own, then added as a high and a low part, in the
        // general evaluator's order.
        CompensatedSum rowLoss = new CompensatedSum();
        double studentFactor = 0.5 * ri;
        rowLoss.add(studentFactor * kStudents.high());
        rowLoss.add(studentFactor * kStudents.low());
        rowLoss.add(-ri * kTeachers.high());
        rowLoss.add(-ri * kTeachers.low());
        lossTotal.add(rowLoss.high());
        lossTotal.add(rowLoss.low());
    }

    private static void axpy(double alpha, double[] x, int xo, double[] y, int yo, int d) {
        for (int t = 0; t < d; t++) {
            y[yo + t] += alpha * x[xo + t];
        }
    }

    private double dot(double[] x, int xo, double[] y, int yo) {
        return Dot.interleaved(x, xo, y, yo, d);
    }
}
