package dev.barron.backend.cpu;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The float32 relu row sum: the order its documentation states (16 slots of fused multiply-adds,
 * then the slots, then the tail), written out here as plain loops, bit for bit whatever path
 * ran (vector or scalar); and within rounding of a plain sum.
 */
class RowSumsTest {

    @Test
    void theRowSumIsTheStatedOrderBitForBitAndThePlainSumWithinRounding() {
        SplittableRandom r = new SplittableRandom(3);
        for (int m : new int[]{1, 15, 16, 17, 33, 64, 250, 1024}) {
            float[] z = new float[m];
            double[] a = new double[m];
            for (int i = 0; i < m; i++) {
                z[i] = i % 7 == 0 ? (i % 2 == 0 ? 0f : -0f) : (float) r.nextGaussian();
                a[i] = r.nextGaussian();
            }
            double[] slots = new double[RowSums.SLOTS];
            int j = 0;
            for (; j + RowSums.SLOTS <= m; j += RowSums.SLOTS) {
                for (int k = 0; k < RowSums.SLOTS; k++) {
                    slots[k] = Math.fma(Math.max(z[j + k], 0f), a[j + k], slots[k]);
                }
            }
            double want = 0;
            for (double v : slots) {
                want += v;
            }
            for (; j < m; j++) {
                want += a[j] * Math.max(z[j], 0f);
            }
            double got = RowSums.relu(z, a, m, new double[RowSums.SLOTS]);
            assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(got), "m = " + m);
            double plain = 0;
            double scale = 0;
            for (int i = 0; i < m; i++) {
                plain += a[i] * Math.max(z[i], 0f);
                scale += Math.abs(a[i] * z[i]);
            }
            assertTrue(Math.abs(plain - got) <= 1e-14 * scale, "m = " + m);
        }
    }

    /** relu(NaN) = 0 by the rule of Activation.RELU: a row with a NaN is summed by that rule. */
    @Test
    void aNaNEntryCountsAsReluOfNaNByTheRule() {
        float[] z = new float[40];
        double[] a = new double[40];
        double want = 0;
        for (int i = 0; i < 40; i++) {
            z[i] = i - 20.5f;
            a[i] = 1.0 / (i + 1);
        }
        z[21] = Float.NaN;
        for (int i = 0; i < 40; i++) {
            want += a[i] * dev.barron.model.Activation.RELU.value(z[i]);
        }
        assertEquals(want, RowSums.relu(z, a, 40, new double[RowSums.SLOTS]), 1e-15 * Math.abs(want));
    }
}
