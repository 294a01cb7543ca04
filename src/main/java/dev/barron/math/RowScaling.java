package dev.barron.math;

/**
 * Rows rescaled by powers of two so that their largest entry lies in [1/2, 1): the form in which
 * every backend takes norms, Gram products and angles, so that subnormal rows (down to 4.9e-324)
 * and huge rows (up to about 1e308) give the same, right, finite answers as rows of size one.
 *
 * <p>A power of two changes no digit: x 2^-e is exact unless it falls below the subnormal range,
 * which happens only to entries smaller than 2^-1074 relative to the row's largest, whose share
 * of the norm is far below one rounding. So a scaled row has the angles of the original and its
 * norm times 2^e is the original norm, to the same rounding.
 *
 * <p>Convention (shared with kernels/scaling.cl): a row is zero only if all its entries are
 * exactly 0; its exponent is 0 and it stays zero. Any row with a nonzero entry, however tiny, is
 * an ordinary row with a direction. A row with a non-finite entry keeps exponent 0 and its
 * values, so that the NaN or infinity reaches the result and the caller's guard.
 */
public final class RowScaling {

    /** Exponent offsets for 2^k with k beyond the range of a normal double. */
    private static final int HALF_STEP = 600;

    private RowScaling() {
    }

    /**
     * e with maxAbs 2^-e in [1/2, 1), i.e. ilogb(maxAbs) + 1 (subnormals included: e down to -1073);
     * 0 for 0 or a non-finite maxAbs.
     */
    public static int exponent(double maxAbs) {
        if (maxAbs == 0 || !Double.isFinite(maxAbs)) {
            return 0;
        }
        if (maxAbs < Double.MIN_NORMAL) {
            return Math.getExponent(maxAbs * 0x1p54) - 54 + 1;
        }
        return Math.getExponent(maxAbs) + 1;
    }

    /** The exponent of row x[off .. off+d). */
    public static int rowExponent(double[] x, int off, int d) {
        return exponent(maxAbs(x, off, d));
    }

    /**
     * The largest |x[off + t]|, t &lt; d; a NaN is taken like a larger entry (so a NaN after the
     * largest one comes through). A branch, not Math.max: a new largest entry is rare, and
     * Math.max pays its NaN and -0 rules on every entry.
     */
    public static double maxAbs(double[] x, int off, int d) {
        double max = 0;
        for (int t = 0; t < d; t++) {
            double a = Math.abs(x[off + t]);
            if (!(a <= max)) {
                max = a;
            }
        }
        return max;
    }

    /** out[outOff + t] = x[off + t] 2^-e, t &lt; d, exactly (see the class comment). */
    public static void scaleRow(double[] x, int off, int d, int e, double[] out, int outOff) {
        if (e == 0) {
            System.arraycopy(x, off, out, outOff, d);
            return;
        }
        // 2^-e is a normal double for -1022 <= -e <= 1023; beyond, two factors (each exact).
        if (-e <= 1023 && -e >= -1022) {
            double f = Math.scalb(1.0, -e);
            for (int t = 0; t < d; t++) {
                out[outOff + t] = x[off + t] * f;
            }
        } else {
            int h = -e > 0 ? HALF_STEP : -HALF_STEP;
            double f1 = Math.scalb(1.0, h);
            double f2 = Math.scalb(1.0, -e - h);
            for (int t = 0; t < d; t++) {
                out[outOff + t] = x[off + t] * f1 * f2;
            }
        }
    }

    /**
     * Rows of a row-major rows x d matrix, each scaled by 2^-e_r.
     *
     * @param scaled    the scaled rows, row-major rows x d
     * @param exponents e_r per row
     */
    public record Rows(double[] scaled, int[] exponents) {
    }

    public static Rows of(double[] x, int rows, int d) {
        double[] scaled = new double[x.length];
        int[] exponents = new int[rows];
        for (int r = 0; r < rows; r++) {
            exponents[r] = rowExponent(x, r * d, d);
            scaleRow(x, r * d, d, exponents[r], scaled, r * d);
        }
        return new Rows(scaled, exponents);
    }
}
