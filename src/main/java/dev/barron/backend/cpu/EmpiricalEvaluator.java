package dev.barron.backend.cpu;

import dev.barron.backend.LossGradient;
import dev.barron.math.CompensatedSum;
import dev.barron.model.Activation;
import dev.barron.model.Matrix;
import dev.barron.model.Precision;

/**
 * The forward pass and the empirical loss and gradient of MATH.md section 4 on a batch
 * (x_r, y_r), r = 1..n:
 * <pre>
 *   Z = X W^T (n x m, GEMM),  H = sigma(Z),  f = s H a,  e = f - y,
 *   L = 1/(2n) sum_r e_r^2,   dL/da = s H^T e / n,
 *   dL/dW = D^T X  with  D = (s/n) (e a^T) .* sigma'(Z)   (GEMM).
 * </pre>
 * sigma and sigma' are {@link Activation#value} and {@link Activation#derivative}
 * (relu'(0) = 1/2). The pointwise pass is parallel over the rows of the batch.
 */
final class EmpiricalEvaluator {

    private static final long ROW_WORK_PER_NEURON = 8;

    private final Precision precision;
    private final Gemm gemm;
    private final RowParallel parallel;

    EmpiricalEvaluator(Precision precision, Gemm gemm, RowParallel parallel) {
        this.precision = precision;
        this.gemm = gemm;
        this.parallel = parallel;
    }



    /** Z = X W^T in the storage precision. */
    private RealArray preactivations(Matrix x, RealArray wStore, int m) {
        int n = x.rows();
        RealArray xStore = RealArray.copyOf(precision, x.data());
        RealArray z = RealArray.allocate(precision, n, m);
        gemm.multiply(false, true, n, m, x.cols(), 1.0, xStore, wStore, 0.0, z);
        return z;
    }

    double[] forward(Activation act, double s, Matrix x, double[] w, double[] a, int m) {
        int n = x.rows();
        RealArray z = preactivations(x, RealArray.copyOf(precision, w), m);
        double[] f = new double[n];
        parallel.forRows(n, m * ROW_WORK_PER_NEURON, (from, to) -> {
            double[] row = new double[m];
            for (int r = from; r < to; r++) {
                z.read(r * m, row, 0, m);
                double sum = 0;
                for (int i = 0; i < m; i++) {
                    sum += a[i] * act.value(row[i]);
                }
                f[r] = precision.round(s * sum);
            }
        });
        return f;
    }

    Matrix hidden(Activation act, Matrix x, double[] w, int m) {
        int n = x.rows();
        RealArray z = preactivations(x, RealArray.copyOf(precision, w), m);
        double[] h = new double[RealArray.checkedSize(n, m)];
        parallel.forRows(n, m * ROW_WORK_PER_NEURON, (from, to) -> {
            for (int r = from; r < to; r++) {
                z.read(r * m, h, r * m, m);
                for (int i = 0; i < m; i++) {
                    h[r * m + i] = precision.round(act.value(h[r * m + i]));
                }
            }
        });
        return new Matrix(n, m, h);
    }

    LossGradient evaluate(Activation act, double s, Matrix x, double[] y, double[] w, double[] a, int m, int d) {
        int n = x.rows();
        RealArray wStore = RealArray.copyOf(precision, w);
        RealArray xStore = RealArray.copyOf(precision, x.data());
        RealArray z = RealArray.allocate(precision, n, m);
        gemm.multiply(false, true, n, m, d, 1.0, xStore, wStore, 0.0, z);
        RealArray h = RealArray.allocate(precision, n, m);
        RealArray residual = RealArray.allocate(precision, n, 1);
        double[] squared = new double[n];
        double scale = s / n;
        parallel.forRows(n, m * ROW_WORK_PER_NEURON, (from, to) -> {
            double[] zRow = new double[m];
            double[] hRow = new double[m];
            for (int r = from; r < to; r++) {
                z.read(r * m, zRow, 0, m);
                double sum = 0;
                for (int i = 0; i < m; i++) {
                    hRow[i] = act.value(zRow[i]);
                    sum += a[i] * hRow[i];
                }
                double e = precision.round(s * sum) - y[r];
                squared[r] = e * e;
                residual.set(r, e);
                // z row becomes row r of D = (s/n) (e a^T) .* sigma'(Z)
                for (int i = 0; i < m; i++) {
                    zRow[i] = scale * e * a[i] * act.derivative(zRow[i]);
                }
                h.write(r * m, hRow, 0, m);
                z.write(r * m, zRow, 0, m);
            }
        });
        RealArray gradW = RealArray.allocate(precision, m, d);
        gemm.multiply(true, false, m, d, n, 1.0, z, xStore, 0.0, gradW);
        RealArray gradA = RealArray.allocate(precision, m, 1);
        gemm.multiply(true, false, m, 1, n, scale, h, residual, 0.0, gradA);
        double loss = CompensatedSum.of(squared) / (2.0 * n);
        return new LossGradient(loss, new Matrix(m, d, gradW.toDoubles()), gradA.toDoubles());
    }
}
