package dev.barron.backend.cpu;

import dev.barron.backend.LossGradient;
import dev.barron.math.CompensatedSum;
import dev.barron.model.Activation;
import dev.barron.model.Check;
import dev.barron.model.FloatMatrix;
import dev.barron.model.Matrix;
import dev.barron.model.Precision;

import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The forward pass and the empirical loss and gradient of docs/MATH.md section 4 on a batch
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

    /** Fewest rows in a forward panel: below, the product runs short of the BLAS's full rate. */
    private static final int MIN_PANEL_ROWS = 256;

    /**
     * Widest input for {@link FusedRelu} (with the Vector API): up to here its register tiles
     * beat a BLAS on the thin products (bench/erm.sh).
     */
    static final int FUSED_MAX_INPUTS = 128;

    /** Working set of one forward panel: X rows plus their preactivations (see panelRows). */
    static final long PANEL_BYTES = 16L << 20;

    private final Precision precision;
    private final Gemm gemm;
    private final RowParallel parallel;
    /** Forward panels of X (slot 0) and Z (slot 1) and W (slot 2), kept per thread ({@link ThreadBuffers}). */
    private final ThreadBuffers buffers;

    EmpiricalEvaluator(Precision precision, Gemm gemm, RowParallel parallel) {
        this.precision = precision;
        this.gemm = gemm;
        this.parallel = parallel;
        this.buffers = new ThreadBuffers(precision, 3);
    }



    /**
     * X as a BLAS operand: float64 uses the caller's array as it is; float32 rounds a copy,
     * in parallel over rows, since for a large batch the conversion costs as much as a
     * fraction of the product itself.
     */
    private RealArray batchOperand(Matrix x) {
        if (precision == Precision.F64) {
            return RealArray.operand(precision, x.data());
        }
        int cols = x.cols();
        RealArray store = RealArray.allocate(precision, x.rows(), cols);
        parallel.forRows(x.rows(), cols, (from, to) -> store.write(from * cols, x.data(), from * cols,
                (to - from) * cols));
        return store;
    }

    /** Z = X W^T in the storage precision. */
    private RealArray preactivations(Matrix x, RealArray wStore, int m) {
        int n = x.rows();
        RealArray xStore = batchOperand(x);
        RealArray z = RealArray.allocate(precision, n, m);
        gemm.multiply(false, true, n, m, x.cols(), 1.0, xStore, wStore, 0.0, z);
        return z;
    }

    /**
     * f = s sigma(X W^T) a, computed in panels of rows: each panel of X is rounded into a
     * buffer, multiplied, and reduced to its outputs while its preactivations are still in
     * cache. The n x m preactivation matrix is never stored whole, which spares two passes
     * over memory per product when n is large. Rows are independent, so panels change no result.
     * For relu with at most {@link #FUSED_MAX_INPUTS} inputs the product is {@link FusedRelu}'s
     * register tiles instead of a BLAS call (a thin product), and f its row sums: the same f as
     * its loss and gradient compute.
     */
    double[] forward(Activation act, double s, Batch x, double[] w, double[] a, int m) {
        return forward(act, s, x, w, a, m, PANEL_BYTES);
    }

    /**
     * {@link #forward} with panels of about panelBytes (tests use small ones). The batch is
     * checked finite as its panels are filled; the error is raised here, on the caller's thread.
     */
    double[] forward(Activation act, double s, Batch x, double[] w, double[] a, int m, long panelBytes) {
        int n = x.rows();
        double[] f = new double[n];
        if (n == 0) {
            return f;
        }
        AtomicBoolean finite = new AtomicBoolean(true);
        if (fused(act, x.cols())) {
            FusedRelu kernel = FusedRelu.of(precision, s, w, a, m, x.cols());
            forPanels(n, m, x.cols(), (from, to) -> {
                if (!kernel.forward(x.data(), from, to, f)) {
                    finite.set(false);
                }
            });
        } else {
            blasForward(act, s, x, w, a, m, panelBytes, f, finite);
        }
        if (!finite.get()) {
            x.failNotFinite();
        }
        return f;
    }

    /** Whether the fused kernel serves relu with d inputs: at most {@link #FUSED_MAX_INPUTS}, and the Vector API present. */
    static boolean fused(Activation act, int d) {
        return act == Activation.RELU && d <= FUSED_MAX_INPUTS && VectorApi.PRESENT;
    }

    /** {@link #forward} by the BLAS in panels of about panelBytes; finite set false on an entry that is not. */
    private void blasForward(Activation act, double s, Batch x, double[] w, double[] a, int m, long panelBytes,
                             double[] f, AtomicBoolean finite) {
        int threads = parallel.threads();
        int panel = panelRows(x.rows(), x.cols(), m, panelBytes, threads);
        int panels = ceilDiv(x.rows(), panel);
        RealArray wStore = buffers.get(2, w.length);
        wStore.write(0, w, 0, w.length);
        if (threads > 1 && panels > 1) {
            // Whole panels per thread on a single-threaded BLAS: one thread's conversion and
            // reduction (memory-bound) overlap another's product (compute-bound), and no
            // BLAS thread waits at a barrier while Java threads work.
            gemm.serially(() -> parallel.forRows(panels, Long.MAX_VALUE / panels, (p0, p1) ->
                    forwardPanels(act, s, x, wStore, a, m, panel, p0, p1, f, finite)));
        } else {
            // One panel (a batch under 2 x MIN_PANEL_ROWS rows) or one thread: the BLAS's own
            // threads share the product, the rest is small.
            forwardPanels(act, s, x, wStore, a, m, panel, 0, panels, f, finite);
        }
    }

    /**
     * A batch's rows as the forward pass reads them: data is the row-major double[] or float[]
     * (floats never widened on the way into a float32 panel).
     */
    record Batch(int rows, int cols, Object data) {

        static Batch of(Matrix x) {
            return new Batch(x.rows(), x.cols(), x.data());
        }

        static Batch of(FloatMatrix x) {
            return new Batch(x.rows(), x.cols(), x.data());
        }

        /** Rows first .. first+count-1 into panel, rounded to its precision; false if an entry is not finite. */
        boolean copy(int first, int count, RealArray panel) {
            return data instanceof double[] doubles
                    ? BatchCopy.copy(doubles, first * cols, count * cols, panel)
                    : BatchCopy.copy((float[]) data, first * cols, count * cols, panel);
        }

        /** Throws the one-line error that names the first entry that is not finite. */
        void failNotFinite() {
            if (data instanceof double[] doubles) {
                Check.finite("X", doubles);
            } else {
                Check.finite("X", (float[]) data);
            }
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /**
     * Panels p0 .. p1 - 1 of the forward pass into f: each panel of X rounded into a buffer,
     * multiplied by W^T, and each row reduced to s sum_i a_i sigma(z_i).
     */
    private void forwardPanels(Activation act, double s, Batch x, RealArray wStore, double[] a, int m, int panel,
                               int p0, int p1, double[] f, AtomicBoolean finite) {
        int d = x.cols();
        RealArray xPanel = buffers.get(0, panel * d);
        RealArray zPanel = buffers.get(1, panel * m);
        double[] row = new double[m];
        float[] rowF = new float[m];
        double[] part = new double[RowSums.SLOTS];
        boolean floatRelu = act == Activation.RELU && precision == Precision.F32;
        for (int p = p0; p < p1; p++) {
            int first = p * panel;
            int rows = Math.min(panel, x.rows() - first);
            if (!x.copy(first, rows, xPanel)) {
                finite.set(false);
                return;
            }
            gemm.multiply(false, true, rows, m, d, 1.0, xPanel, wStore, 0.0, zPanel);
            for (int r = 0; r < rows; r++) {
                double dot;
                if (floatRelu) {
                    zPanel.readFloats(r * m, rowF, 0, m);
                    dot = RowSums.relu(rowF, a, m, part);
                } else {
                    zPanel.read(r * m, row, 0, m);
                    dot = activatedDot(act, row, a, m);
                }
                f[first + r] = precision.round(s * dot);
            }
        }
    }

    /**
     * Rows per panel: the panel of X and its preactivations take about panelBytes, at least
     * {@link #MIN_PANEL_ROWS} rows, and small enough to give each thread two panels. Each
     * panel's product repacks W, so panels must not be small; nor so large that they leave
     * the cache. {@link #PANEL_BYTES} was the fastest of 4, 16, 64, 256 MiB and one
     * panel for (16384, 1024, 1024) in float32 on a 2-core Xeon.
     */
    static int panelRows(int n, int d, int m, long panelBytes, int threads) {
        long perRow = (long) (d + m) * Double.BYTES;
        long rows = Math.max(MIN_PANEL_ROWS, panelBytes / Math.max(1, perRow));
        // At least two panels a thread where the batch allows panels of MIN_PANEL_ROWS.
        rows = Math.min(rows, Math.max(MIN_PANEL_ROWS, ceilDiv(n, 2 * threads)));
        return (int) Math.min(n, rows);
    }

    Matrix hidden(Activation act, Matrix x, double[] w, int m) {
        int n = x.rows();
        RealArray z = preactivations(x, RealArray.operand(precision, w), m);
        double[] h = new double[RealArray.checkedSize(n, m)];
        parallel.forRows(n, m * ROW_WORK_PER_NEURON, (from, to) -> {
            z.read(from * m, h, from * m, (to - from) * m);
            // The storage already holds Z in the precision and relu only selects entries, so
            // its values need no second rounding; the other activations compute new values.
            if (act == Activation.RELU) {
                for (int t = from * m; t < to * m; t++) {
                    h[t] = h[t] > 0 ? h[t] : 0;
                }
            } else {
                for (int t = from * m; t < to * m; t++) {
                    h[t] = precision.round(act.value(h[t]));
                }
            }
        });
        z.release();
        return new Matrix(n, m, h);
    }

    /**
     * sum_i a_i sigma(z_i) over a row of preactivations; overwrites z.
     * relu, the common case, is applied first as Math.max(z, 0), branch-free and vectorised
     * (the branch of z &gt; 0 ? z : 0 mispredicts on every other entry of a random row), and
     * summed by {@link Dot#interleaved} (a single running sum ran at a quarter of the speed).
     * The max and relu agree everywhere but at NaN, where the row is redone with the exact rule.
     */
    private static double activatedDot(Activation act, double[] z, double[] a, int m) {
        if (act == Activation.RELU) {
            for (int i = 0; i < m; i++) {
                z[i] = Math.max(z[i], 0.0);
            }
            double sum = Dot.interleaved(a, 0, z, 0, m);
            if (!Double.isNaN(sum)) {
                return sum;
            }
        }
        double sum = 0;
        for (int i = 0; i < m; i++) {
            sum += a[i] * act.value(z[i]);
        }
        return sum;
    }

    /**
     * The loss and both gradients in panels of rows, as {@link #forward} runs: each panel of X
     * is multiplied by W^T into a buffer that stays in cache, each of its rows gives f_r, e_r,
     * its term e_r sigma(z_r) of H^T e and, in place, its row of D, and the panel's D^T X is
     * added to its thread's grad W. Neither Z nor H is ever stored whole: the n x m matrices
     * that a product-at-once evaluation writes and reads several times do not touch memory.
     * Each group of panels (one per thread) sums into its own partials, added in panel order
     * afterwards, so the result depends only on the panels, not on the threads' timing.
     *
     * @param rounded x's entries rounded to float32 (as a float32 session keeps them across the
     *                steps of a fit), read by the fused kernel in place of x; or null
     */
    LossGradient evaluate(Activation act, double s, Matrix x, FloatMatrix rounded, double[] y, double[] w, double[] a,
                          int m, int d) {
        if (fused(act, d)) {
            return fusedRelu(s, x.rows(), rounded != null ? rounded.data() : x.data(), y, w, a, m, d);
        }
        int n = x.rows();
        int threads = parallel.threads();
        int panel = panelRows(n, d, m, PANEL_BYTES, threads);
        int panels = ceilDiv(n, panel);
        RealArray wStore = buffers.get(2, w.length);
        wStore.write(0, w, 0, w.length);
        double[] squared = new double[n];
        ConcurrentSkipListMap<Integer, double[][]> parts = new ConcurrentSkipListMap<>();
        if (threads > 1 && panels > 1) {
            gemm.serially(() -> parallel.forRows(panels, Long.MAX_VALUE / panels, (p0, p1) ->
                    parts.put(p0, gradientPanels(act, s, x, y, wStore, a, m, panel, p0, p1, squared))));
        } else {
            parts.put(0, gradientPanels(act, s, x, y, wStore, a, m, panel, 0, panels, squared));
        }
        double[][] sums = inOrder(parts.values(), m * d, m);
        return lossGradient(s, n, squared, sums[0], sums[1], m, d);
    }

    /**
     * {@link #evaluate} for relu with at most {@link #FUSED_MAX_INPUTS} inputs, by {@link FusedRelu}:
     * groups of its panels run in parallel, their sums added in order.
     */
    private LossGradient fusedRelu(double s, int n, Object x, double[] y, double[] w, double[] a, int m, int d) {
        FusedRelu kernel = FusedRelu.of(precision, s, w, a, m, d);
        double[] squared = new double[n];
        double scale = s / n;
        ConcurrentSkipListMap<Integer, double[][]> parts = new ConcurrentSkipListMap<>();
        forPanels(n, m, d, (from, to) -> {
            FusedRelu.Part part = kernel.rows(x, y, from, to, scale, squared);
            parts.put(from, new double[][]{part.gradWt(), part.outer()});
        });
        double[][] first = parts.firstEntry().getValue();
        double[][] sums = inOrder(parts.values(), first[0].length, first[1].length);
        return lossGradient(s, n, squared, kernel.gradW(sums[0]), sums[1], m, d);
    }

    /** Calls body on runs of whole {@link FusedRelu#PANEL}s of rows covering [0, n), in parallel. */
    void forPanels(int n, int m, int d, RowParallel.Chunk body) {
        int panels = ceilDiv(n, FusedRelu.PANEL);
        parallel.forRows(panels, 4L * FusedRelu.PANEL * m * d, (p0, p1) ->
                body.run(p0 * FusedRelu.PANEL, Math.min(n, p1 * FusedRelu.PANEL)));
    }

    /** The element-wise sums of each part's two arrays, added in the parts' order. */
    private static double[][] inOrder(Iterable<double[][]> parts, int first, int second) {
        double[] x = new double[first];
        double[] y = new double[second];
        for (double[][] part : parts) {
            for (int t = 0; t < first; t++) {
                x[t] += part[0][t];
            }
            for (int i = 0; i < second; i++) {
                y[i] += part[1][i];
            }
        }
        return new double[][]{x, y};
    }

    /** The loss and gradients from the summed parts: grad W as summed (D carries s/n), dL/da = s/n H^T e. */
    private LossGradient lossGradient(double s, int n, double[] squared, double[] sumW, double[] outer, int m, int d) {
        double scale = s / n;
        double[] gradW = new double[m * d];
        for (int t = 0; t < gradW.length; t++) {
            gradW[t] = precision.round(sumW[t]);
        }
        double[] gradA = new double[m];
        for (int i = 0; i < m; i++) {
            gradA[i] = precision.round(scale * outer[i]);
        }
        double loss = CompensatedSum.of(squared) / (2.0 * n);
        return new LossGradient(loss, new Matrix(m, d, gradW), gradA);
    }

    /** Panels p0 .. p1 - 1 of {@link #evaluate}: {grad W part (m x d), H^T e part (length m)}; fills squared. */
    private double[][] gradientPanels(Activation act, double s, Matrix x, double[] y, RealArray wStore, double[] a, int m,
                                      int panel, int p0, int p1, double[] squared) {
        int n = x.rows();
        int d = x.cols();
        double scale = s / n;
        RealArray xPanel = buffers.get(0, panel * d);
        RealArray zPanel = buffers.get(1, panel * m);
        RealArray gradW = RealArray.allocate(precision, m, d);
        double[] zRow = new double[m];
        double[] hRow = new double[m];
        double[] outer = new double[m];
        for (int p = p0; p < p1; p++) {
            int first = p * panel;
            int rows = Math.min(panel, n - first);
            xPanel.write(0, x.data(), first * d, rows * d);
            gemm.multiply(false, true, rows, m, d, 1.0, xPanel, wStore, 0.0, zPanel);
            for (int r = 0; r < rows; r++) {
                zPanel.read(r * m, zRow, 0, m);
                double e = precision.round(s * activatedRow(act, zRow, a, hRow, m)) - y[first + r];
                squared[first + r] = e * e;
                // e as float32 storage holds it: H^T e and D see the rounded residual
                double stored = precision.round(e);
                for (int i = 0; i < m; i++) {
                    outer[i] += hRow[i] * stored;
                }
                derivativeRow(act, zRow, a, scale * stored, m);
                zPanel.write(r * m, zRow, 0, m);
            }
            gemm.multiply(true, false, m, d, rows, 1.0, zPanel, xPanel, p == p0 ? 0.0 : 1.0, gradW);
        }
        double[] g = gradW.releaseAsDoubles();
        return new double[][]{g, outer};
    }

    /**
     * h = sigma(z) into hRow (rounded to the storage precision) and sum_i a_i h_i. relu, the
     * common case, is max(z, 0), branch-free, summed by {@link Dot#interleaved} as the forward
     * pass sums it; a NaN row takes the exact rule.
     */
    private double activatedRow(Activation act, double[] zRow, double[] a, double[] hRow, int m) {
        if (act == Activation.RELU) {
            for (int i = 0; i < m; i++) {
                hRow[i] = Math.max(zRow[i], 0.0);
            }
            double sum = Dot.interleaved(a, 0, hRow, 0, m);
            if (!Double.isNaN(sum)) {
                return sum;
            }
        }
        double sum = 0;
        for (int i = 0; i < m; i++) {
            hRow[i] = precision.round(act.value(zRow[i]));
            sum += a[i] * hRow[i];
        }
        return sum;
    }

    /**
     * zRow becomes c a_i sigma'(z_i), a row of D. relu'(z) = (1 + sign(z)) / 2, 1/2 at z = 0
     * (docs/MATH.md section 2.2): copySign is bit arithmetic, where a test of z &gt; 0
     * mispredicts on every other entry of a random row (and Math.signum branches as well); only the rare
     * exact zero takes a branch.
     */
    private static void derivativeRow(Activation act, double[] zRow, double[] a, double c, int m) {
        if (act == Activation.RELU) {
            for (int i = 0; i < m; i++) {
                double z = zRow[i];
                double g = z != 0 ? 0.5 + 0.5 * Math.copySign(1.0, z) : 0.5;
                zRow[i] = c * a[i] * g;
            }
            return;
        }
        for (int i = 0; i < m; i++) {
            zRow[i] = c * a[i] * act.derivative(zRow[i]);
        }
    }
}
