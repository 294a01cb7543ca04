package dev.barron.backend.cpu;

import dev.barron.model.Activation;

/**
 * s sum_i a_i relu(z_i) of a float32 row of preactivations: each z_i widened to double (exactly)
 * and multiplied by a_i into {@link #SLOTS} partial sums in double by fused multiply-adds
 * (entry i into slot i mod SLOTS while whole blocks of SLOTS remain, then the slots in order,
 * then the rest of the row), so the sum is the same on every machine whatever its vector width,
 * and with or without the Vector API ({@link VectorSums} is its vector form). A NaN anywhere
 * redoes the row by the rule.
 */
final class RowSums {

    /** Partial sums of a row. */
    static final int SLOTS = 16;

    private RowSums() {
    }

    /** sum_i a_i relu(z_i) over z[0 .. m); part is the caller's scratch of SLOTS entries. */
    static double relu(float[] z, double[] a, int m, double[] part) {
        java.util.Arrays.fill(part, 0.0);
        int j = VectorApi.PRESENT && VectorSums.fitsSlots() ? VectorSums.reluSlots(z, a, m, part) : 0;
        for (; j + SLOTS <= m; j += SLOTS) {
            for (int k = 0; k < SLOTS; k++) {
                part[k] = Math.fma(Math.max(z[j + k], 0f), a[j + k], part[k]);
            }
        }
        double sum = 0;
        for (int k = 0; k < SLOTS; k++) {
            sum += part[k];
        }
        for (; j < m; j++) {
            sum += a[j] * Math.max(z[j], 0f);
        }
        if (!Double.isNaN(sum)) {
            return sum;
        }
        sum = 0;
        for (int t = 0; t < m; t++) {
            sum += a[t] * Activation.RELU.value(z[t]);
        }
        return sum;
    }
}
