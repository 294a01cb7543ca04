package dev.barron.backend.cpu;

import dev.barron.backend.LossGradient;
import dev.barron.math.CompensatedSum;
import dev.barron.math.GaussianKernel;
import dev.barron.math.RowScaling;
import dev.barron.model.Activation;
import dev.barron.model.Matrix;
import dev.barron.model.Precision;

/**
 * The closed-form population loss and gradient of docs/MATH.md section 3.
 *
 * <p>With (kappa, alpha, beta) of each pair from {@link GaussianKernel}
 * (grad_w kappa(w, v) = alpha w + beta v), the gradient is
 * <pre>
 *   grad_{w_i} L = r_i w_i + sum_i' Bww_ii' w_i' + sum_j Bwv_ij v_j
 *   r_i    = s a_i (s sum_i' a_i' alpha_ii' - sum_j b_j alpha_ij)
 *   Bww_ii' = s^2 a_i a_i' beta_ii',   Bwv_ij = -s a_i b_j beta_ij
 *   dL/da_i = s^2 sum_i' a_i' kappa_ii' - s sum_j b_j kappa_ij
 * </pre>
 * so one evaluation is two Gram products (dsyrk for W W^T, dgemm for W V^T), a row-parallel
 * pass of transcendental work that overwrites each Gram row with its coefficient row, and two
 * products for the assembly: grad W = (Bww + diag r) W + Bwv V. The loss
 * 1/2 s^2 a^T Kww a - s a^T Kwv b + 1/2 b^T Kvv b is summed with Neumaier compensation term by
 * term (row partial sums kept as high and low parts and combined in row order), because near
 * the optimum it is a difference of O(1) terms; the teacher constant comes precomputed.
 *
 * <p>Magnitudes. Every row u_c is evaluated as 2^e_c u'_c with u'_c scaled by
 * {@link RowScaling} (largest entry in [1/2, 1)), so that Gram entries, norms and angles are
 * computed on rows of size one whatever the input (4.9e-324 to 1e308). The powers of two go onto
 * the outer weights, which is where positive homogeneity (sigma(c z) = c^p sigma(z), c &gt; 0,
 * p = {@link GaussianKernel#degree}) lets them go: with the scaled triple of
 * {@link GaussianKernel#evaluateScaled} and q_c the output weights (s a_i, -b_j),
 * <pre>
 *   qh_c = q_c 2^(p e_c)          (the neuron rebalanced to a row of size one)
 *   r_i  = s a_i 2^((p - 1) e_i)   (erf: s a_i; see GaussianKernel.rowExponent)
 *   L    = 1/2 sum qh qh' kappa',  dL/da_i = s 2^(p e_i) sum_c qh_c kappa'_ic
 *   grad_{w_i} L = r_i ( (sum_c qh_c alpha'_ic) w'_i + sum_c qh_c beta'_ic u'_c )
 * </pre>
 * which are the formulas above with every power of two moved. So a tiny a_i beside a huge w_i
 * (or the reverse) is never multiplied as a_i a_i' |w_i| |w_i'|, which overflows or underflows:
 * it enters as qh_i, of the size of the neuron's output. Only results that are themselves
 * outside the double range come out infinite or zero.
 */
final class PopulationEvaluator {

    /** Rough cost of one pair in the row pass (acos, kernel), for the parallel grain. */
    private static final long PAIR_WORK = 60;

    private final Precision precision;
    private final Gemm gemm;
    private final RowParallel parallel;

    /**
     * Kept per thread between evaluations (see {@link ThreadBuffers}): 0 the (m + k) x (m + k)
     * Gram, 1 the stacked rows [W; V], 2 the gradient before it is read back.
     */
    private final ThreadBuffers buffers;

    PopulationEvaluator(Precision precision, Gemm gemm, RowParallel parallel) {
        this.precision = precision;
        this.gemm = gemm;
        this.parallel = parallel;
        this.buffers = new ThreadBuffers(precision, 3);
    }

    /**
     * Loss and gradient.
     *
     * @param w   student rows rounded to the precision, m x d (any magnitudes)
     * @param a   outer weights rounded to the precision
     * @param s   the output scaling factor
     */
    LossGradient evaluate(Activation act, double s, double[] w, double[] a, int m, int d, PreparedTeacher teacher) {
        int k = teacher.k();
        RowScaling.Rows rows = RowScaling.of(w, m, d);
        double[] ws = rows.scaled();
        Weights weights = Weights.of(act, s, a, rows.exponents(), teacher);
        double[] normsW = PairGeometry.rowNorms(ws, m, d);
        // One Gram of the stacked rows [W; V] gives W W^T and W V^T in one product, and its rows
        // [Bww | Bwv] (overwritten by the coefficients) times [W; V] the whole gradient in one
        // more: two BLAS calls on one native copy of W, where four calls would copy W three times.
        int n = m + k;
        RealArray stacked = buffers.get(1, RealArray.checkedSize(n, d));
        stacked.write(0, ws, 0, m * d);
        stacked.write(m * d, teacher.v(), 0, k * d);
        RealArray gram = buffers.get(0, RealArray.checkedSize(n, n));
        gemm.gram(stacked, n, d, gram, parallel);
        // The student-student angles are symmetric: one pass over the pairs i < i' halves the
        // atan2 work, the dominant cost of the row pass.
        double[] studentAngles = PairGeometry.symmetricAngles(gram, n, normsW, ws, d, m, parallel);

        double[] gradA = new double[m];
        double[] lossHigh = new double[m];
        double[] lossLow = new double[m];
        parallel.forRows(m, (m + k) * PAIR_WORK, (from, to) -> {
            RowScratch sc = new RowScratch(Math.max(m, k));
            for (int i = from; i < to; i++) {
                coefficientRow(i, act, s, ws, weights, normsW, m, d, teacher, gram, studentAngles, sc, gradA,
                        lossHigh, lossLow);
            }
        });

        // grad W = [Bww + diag r | Bwv] [W; V]; the coefficient rows overwrote the Gram rows.
        RealArray grad = buffers.get(2, RealArray.checkedSize(m, d));
        gemm.multiply(false, false, m, d, n, 1.0, gram, stacked, 0.0, grad);
        double[] gradW = new double[m * d];
        grad.read(0, gradW, 0, gradW.length);

        CompensatedSum loss = new CompensatedSum();
        for (int i = 0; i < m; i++) {
            loss.add(lossHigh[i]);
            loss.add(lossLow[i]);
        }
        loss.add(teacher.constant());
        return new LossGradient(loss.value(), new Matrix(m, d, gradW), gradA);
    }

    /**
     * The output weights with the rows' powers of two moved onto them (see the class comment):
     * qh (students), bh (teachers, b_j 2^(p e_j)), r (the gradient row factors), and the degree p,
     * the scale s and the exponents for erf's scaled form and for dL/da.
     */
    private record Weights(int p, double s, int[] expW, double[] qh, double[] r, int[] expV, double[] bh) {
        static Weights of(Activation act, double s, double[] a, int[] expW, PreparedTeacher teacher) {
            int p = GaussianKernel.degree(act);
            int m = a.length;
            double[] qh = new double[m];
            double[] r = new double[m];
            for (int i = 0; i < m; i++) {
                qh[i] = Math.scalb(s * a[i], p * expW[i]);
                r[i] = Math.scalb(s * a[i], GaussianKernel.rowExponent(act, expW[i]));
            }
            double[] bh = new double[teacher.k()];
            for (int j = 0; j < bh.length; j++) {
                bh[j] = Math.scalb(teacher.b()[j], p * teacher.exponents()[j]);
            }
            return new Weights(p, s, expW, qh, r, teacher.exponents(), bh);
        }
    }

    /**
     * One row i: angles, kernels, dL/da_i, the loss terms of row i, and the coefficient rows,
     * written over row i of the stacked Gram (students at columns 0..m-1, teachers at m..m+k-1).
     */
    private void coefficientRow(int i, Activation act, double s, double[] ws, Weights wt, double[] normsW, int m,
                                int d, PreparedTeacher teacher, RealArray gram, double[] studentAngles, RowScratch sc,
                                double[] gradA, double[] lossHigh, double[] lossLow) {
        int k = teacher.k();
        int row = i * (m + k);
        double[] qh = wt.qh();
        double ri = wt.r()[i];
        int ei = wt.expW()[i];

        gram.read(row, sc.gram, 0, m);
        PairGeometry.cosSin(sc.gram, normsW[i], normsW, studentAngles, i * m, m, i, sc.cos, sc.sin);
        pairTerms(act, normsW[i], ei, normsW, wt.expW(), studentAngles, i * m, m, sc);
        CompensatedSum kStudents = new CompensatedSum();
        double alphaStudents = 0;
        for (int q = 0; q < m; q++) {
            kStudents.add(qh[q] * sc.kappa[q]);
            alphaStudents += qh[q] * sc.alpha[q];
            sc.coefficients[q] = ri * qh[q] * sc.beta[q];
        }

        gram.read(row + m, sc.gram, 0, k);
        PairGeometry.row(sc.gram, normsW[i], teacher.norms(), ws, i * d, teacher.v(), d, k, -1,
                sc.theta, sc.cos, sc.sin);
        pairTerms(act, normsW[i], ei, teacher.norms(), wt.expV(), sc.theta, 0, k, sc);
        CompensatedSum kTeachers = new CompensatedSum();
        double alphaTeachers = 0;
        double[] bh = wt.bh();
        for (int j = 0; j < k; j++) {
            kTeachers.add(bh[j] * sc.kappa[j]);
            alphaTeachers += bh[j] * sc.alpha[j];
            sc.gram[j] = -ri * bh[j] * sc.beta[j];
        }
        gram.write(row + m, sc.gram, 0, k);

        sc.coefficients[i] += ri * (alphaStudents - alphaTeachers);
        gram.write(row, sc.coefficients, 0, m);

        // The power of two last, so that a row near the subnormal range rounds only once.
        gradA[i] = Math.scalb(wt.s() * (kStudents.value() - kTeachers.value()), wt.p() * ei);
        // Row i of the loss, 1/2 qh_i sum_i' qh_i' kappa'_ii' - qh_i sum_j bh_j kappa'_ij, from the
        // high and low parts of the two compensated row sums: each product then carries one
        // rounding of its own size, and the cancellation across terms and rows stays compensated.
        CompensatedSum loss = new CompensatedSum();
        double studentFactor = 0.5 * qh[i];
        loss.add(studentFactor * kStudents.high());
        loss.add(studentFactor * kStudents.low());
        loss.add(-qh[i] * kTeachers.high());
        loss.add(-qh[i] * kTeachers.low());
        lossHigh[i] = loss.high();
        lossLow[i] = loss.low();
    }

    /** 1/2 sum_{j,j'} b_j b_j' kappa(v_j, v_j'), compensated, from the scaled rows (v = 2^e v'). */
    double teacherConstant(Activation act, RealArray vStore, double[] v, double[] norms, int[] exps, double[] b, int k,
                           int d) {
        int p = GaussianKernel.degree(act);
        double[] bh = new double[k];
        for (int j = 0; j < k; j++) {
            bh[j] = Math.scalb(b[j], p * exps[j]);
        }
        RealArray gram = gemm.gram(vStore, k, d);
        double[] high = new double[k];
        double[] low = new double[k];
        parallel.forRows(k, k * PAIR_WORK, (from, to) -> {
            RowScratch sc = new RowScratch(k);
            for (int j = from; j < to; j++) {
                gram.read(j * k, sc.gram, 0, k);
                PairGeometry.row(sc.gram, norms[j], norms, v, j * d, v, d, k, j, sc.theta, sc.cos, sc.sin);
                CompensatedSum sum = new CompensatedSum();
                for (int q = 0; q < k; q++) {
                    GaussianKernel.evaluateScaled(act, norms[j], exps[j], norms[q], exps[q], sc.theta[q], sc.cos[q],
                            sc.sin[q], sc.triple, 0);
                    sum.add(0.5 * bh[j] * bh[q] * sc.triple[GaussianKernel.KAPPA]);
                }
                high[j] = sum.high();
                low[j] = sum.low();
            }
        });
        CompensatedSum total = new CompensatedSum();
        for (int j = 0; j < k; j++) {
            total.add(high[j]);
            total.add(low[j]);
        }
        return total.value();
    }

    /**
     * The triples of row i's pairs with count rows of norms normsV (exponents expV), angles
     * theta[thetaAt ..], cosines and sines in sc.cos and sc.sin, into sc.kappa, sc.alpha, sc.beta:
     * relu across vector lanes ({@link VectorReluTerms}, the same bits as the scalar kernel), the
     * other activations and a JVM without the Vector API by {@link GaussianKernel#evaluateScaled}.
     */
    private static void pairTerms(Activation act, double normW, int expW, double[] normsV, int[] expV, double[] theta,
                                  int thetaAt, int count, RowScratch sc) {
        if (act == Activation.RELU && VectorApi.PRESENT) {
            VectorReluTerms.row(normW, normsV, 0, theta, thetaAt, sc.cos, sc.sin, count, sc.kappa, sc.alpha, sc.beta);
            return;
        }
        for (int q = 0; q < count; q++) {
            GaussianKernel.evaluateScaled(act, normW, expW, normsV[q], expV[q], theta[thetaAt + q], sc.cos[q],
                    sc.sin[q], sc.triple, 0);
            sc.kappa[q] = sc.triple[GaussianKernel.KAPPA];
            sc.alpha[q] = sc.triple[GaussianKernel.ALPHA];
            sc.beta[q] = sc.triple[GaussianKernel.BETA];
        }
    }

    /** Per-chunk scratch rows. */
    private static final class RowScratch {
        final double[] gram;
        final double[] theta;
        final double[] cos;
        final double[] sin;
        final double[] coefficients;
        final double[] kappa;
        final double[] alpha;
        final double[] beta;
        final double[] triple = new double[3];

        RowScratch(int width) {
            gram = new double[width];
            theta = new double[width];
            cos = new double[width];
            sin = new double[width];
            coefficients = new double[width];
            kappa = new double[width];
            alpha = new double[width];
            beta = new double[width];
        }
    }
}
