package dev.barron.backend.cpu;

import dev.barron.model.Activation;
import dev.barron.model.FloatMatrix;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Scaling;
import dev.barron.model.Precision;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The forward pass in row panels (several, with a short last one) against a plain double loop,
 * and a float batch against its widened copy.
 */
class ForwardPanelsTest {

    /** The BLAS panels (d beyond the fused kernel's inputs). */
    @Test
    void panelsCoverEveryRowOnceInBothPrecisions() {
        int n = 2500, d = 300, m = 700;
        long panelBytes = 4L << 20;
        assertTrue(d > EmpiricalEvaluator.FUSED_MAX_INPUTS, "the BLAS path");
        assertTrue(EmpiricalEvaluator.panelRows(n, d, m, panelBytes, 1) < n / 2, "the shape must give several panels");
        againstPlainLoops(n, d, m, panelBytes);
    }

    /**
     * The fused kernel's forward pass: a width and an input count off its tiles, and a last
     * panel short of its rows.
     */
    @Test
    void theFusedForwardCoversEveryRowOnceInBothPrecisions() {
        int n = 1001, d = 37, m = 90;
        assertTrue(d <= EmpiricalEvaluator.FUSED_MAX_INPUTS, "the fused path");
        againstPlainLoops(n, d, m, EmpiricalEvaluator.PANEL_BYTES);
    }

    private static void againstPlainLoops(int n, int d, int m, long panelBytes) {
        Random r = new Random(5);
        double[] x = new double[n * d];
        double[] w = new double[m * d];
        double[] a = new double[m];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextGaussian();
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = r.nextGaussian() / Math.sqrt(d);
        }
        for (int i = 0; i < m; i++) {
            a[i] = r.nextGaussian();
        }
        double[] want = new double[n];
        for (int row = 0; row < n; row++) {
            double f = 0;
            for (int i = 0; i < m; i++) {
                double z = 0;
                for (int t = 0; t < d; t++) {
                    z += x[row * d + t] * w[i * d + t];
                }
                f += a[i] * Math.max(z, 0);
            }
            want[row] = f / m;
        }
        // One thread: panels in turn on the calling thread; two: whole panels per thread.
        for (int threads = 1; threads <= 2; threads++) {
            for (Precision p : Precision.values()) {
                check(p, threads, x, w, a, want, n, d, m, panelBytes);
            }
        }
    }

    private static void check(Precision p, int threads, double[] x, double[] w, double[] a, double[] want, int n, int d,
                              int m, long panelBytes) {
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(threads);
        try {
            EmpiricalEvaluator eval = new EmpiricalEvaluator(p, new Gemm(BlasLibrary.get().blas()), new RowParallel(pool));
            double[] got = eval.forward(Activation.RELU, 1.0 / m, EmpiricalEvaluator.Batch.of(new Matrix(n, d, x)), roundTo(p, w), roundTo(p, a), m,
                    panelBytes);
            double tol = p == Precision.F64 ? 1e-12 : 2e-5;
            for (int row = 0; row < n; row++) {
                assertEquals(want[row], got[row], tol * (1 + Math.abs(want[row])), p + ", " + threads + " threads, row " + row);
            }
        } finally {
            pool.shutdown();
        }
    }

    /**
     * Float data read as floats gives the bits its widened copy gives, in both precisions and
     * over several panels; an entry that is not finite, in either kind of batch and in any
     * panel, is the one-line error that names it, raised on the caller's thread.
     */
    @Test
    void aFloatBatchIsItsWidenedCopyAndNonFiniteEntriesAreNamed() {
        int n = 1500, d = 40, m = 90;
        Random r = new Random(7);
        float[] xf = new float[n * d];
        double[] w = new double[m * d];
        double[] a = new double[m];
        for (int i = 0; i < xf.length; i++) {
            xf[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = r.nextGaussian() / Math.sqrt(d);
        }
        for (int i = 0; i < m; i++) {
            a[i] = r.nextGaussian();
        }
        FloatMatrix floats = new FloatMatrix(n, d, xf);
        Network net = new Network(new Matrix(m, d, w), a, Scaling.MEAN_FIELD, Activation.RELU);
        for (Precision p : Precision.values()) {
            try (CpuBackend cpu = new CpuBackend(p)) {
                assertArrayEquals(cpu.forward(floats.widened(), net), cpu.forward(floats, net), p.toString());
                int bad = 1234 * d + 17;   // in a later panel than the first
                float[] withNaN = xf.clone();
                withNaN[bad] = Float.NaN;
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> cpu.forward(new FloatMatrix(n, d, withNaN), net));
                assertTrue(e.getMessage().startsWith("invalid X[" + bad + "] = "), e.getMessage());
                double[] widened = floats.widened().data();
                widened[bad] = Double.POSITIVE_INFINITY;
                e = assertThrows(IllegalArgumentException.class, () -> cpu.forward(new Matrix(n, d, widened), net));
                assertTrue(e.getMessage().startsWith("invalid X[" + bad + "] = "), e.getMessage());
            }
        }
    }

    private static double[] roundTo(Precision p, double[] v) {
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = p.round(out[i]);
        }
        return out;
    }
}
