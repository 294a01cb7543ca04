package dev.barron.math;

/**
 * The angle between two vectors, accurate where training converges (theta near 0 or pi).
 *
 * <p>acos(&lt;w,v&gt; / (|w| |v|)) has an absolute error of about eps / sin(theta): at
 * theta = 1e-7 it keeps only half the digits. The difference form
 * theta = 2 atan2(|u - e|, |u + e|) with u = w/|w|, e = v/|v| keeps relative accuracy
 * (docs/MATH.md section 2.1) but needs the vectors, O(d) per pair. Backends that hold only the
 * Gram entry use {@link #fromGram} where |cos| is at most {@link #GRAM_COS_LIMIT}, whose
 * error is then below 1e-15, and fall back to {@link #direct} for the nearly (anti)parallel
 * pairs, which are few.
 *
 * <p>{@link #direct} and {@link #fromGram} expect rows of moderate size (backends pass rows
 * scaled by {@link RowScaling}); {@link #between} and {@link #norm} take any magnitudes.
 *
 * <p>Convention: the angle with a zero vector (all entries exactly 0) is pi/2. With it the ReLU kernel gives
 * kappa(0, v) = 0 and grad_w kappa(0, v) = v / 4, the relu'(0) = 1/2 convention.
 */
public final class StableAngle {

    /** Above this |cos theta| the Gram form loses digits and {@link #direct} is used. */
    public static final double GRAM_COS_LIMIT = 0.99;

    private StableAngle() {
    }

    /** Whether {@link #fromGram} is accurate to about 1e-15 for this cosine. */
    public static boolean gramIsAccurate(double cos) {
        return Math.abs(cos) <= GRAM_COS_LIMIT;
    }

    /** The cosine from a Gram entry and the two norms, clamped to [-1, 1]; 0 for a zero vector. */
    public static double cosine(double normW, double normV, double dot) {
        if (normW == 0 || normV == 0) {
            return 0;
        }
        double c = dot / (normW * normV);
        return Math.max(-1.0, Math.min(1.0, c));
    }

    /**
     * The angle of the Gram cosine c, as atan2(sqrt((1 - c)(1 + c)), c) (equal to acos c to an
     * ulp or two, and cheaper on the JDK); use only where {@link #gramIsAccurate} holds.
     */
    public static double fromGram(double normW, double normV, double dot) {
        double c = cosine(normW, normV, dot);
        return Math.atan2(Math.sqrt((1 - c) * (1 + c)), c);
    }

    /**
     * 2 atan2(|u - e|, |u + e|) for rows w = x[xOff .. xOff+d) and v = y[yOff .. yOff+d).
     *
     * @param normW |w| (precomputed, as backends have it)
     * @param normV |v|
     */
    public static double direct(double[] x, int xOff, double normW, double[] y, int yOff, double normV, int d) {
        if (normW == 0 || normV == 0) {
            return 0.5 * Math.PI;
        }
        double iw = 1.0 / normW;
        double iv = 1.0 / normV;
        double diff = 0;
        double sum = 0;
        for (int t = 0; t < d; t++) {
            double u = x[xOff + t] * iw;
            double e = y[yOff + t] * iv;
            diff += (u - e) * (u - e);
            sum += (u + e) * (u + e);
        }
        return 2.0 * Math.atan2(Math.sqrt(diff), Math.sqrt(sum));
    }

    /**
     * The stable angle between two whole vectors of any magnitudes: both are first scaled by
     * powers of two ({@link RowScaling}), so that 1/|w| in {@link #direct} cannot overflow.
     */
    public static double between(double[] w, double[] v) {
        if (w.length != v.length) {
            throw new IllegalArgumentException("vectors of different length: " + w.length + " and " + v.length);
        }
        int d = w.length;
        double[] ws = new double[d];
        double[] vs = new double[d];
        RowScaling.scaleRow(w, 0, d, RowScaling.rowExponent(w, 0, d), ws, 0);
        RowScaling.scaleRow(v, 0, d, RowScaling.rowExponent(v, 0, d), vs, 0);
        return direct(ws, 0, norm(ws, 0, d), vs, 0, norm(vs, 0, d), d);
    }

    /**
     * Whether {@link #norm} of a row whose largest |entry| is max sums the squares as they are:
     * max finite and non-zero, of exponent within +-500. No square can then overflow, and squares
     * that underflow are below 2^-1000 relative to the largest one: the plain sum is as accurate
     * as the scaled one and cheaper.
     */
    public static boolean plainSumOfSquares(double max) {
        if (max == 0 || !Double.isFinite(max)) {
            return false;
        }
        int e = RowScaling.exponent(max);
        return e > -500 && e < 500;
    }

    /**
     * Euclidean norm of x[off .. off+d), right to a few ulps for every finite input from 4.9e-324
     * to about 1e308: the entries are scaled by the power of two that brings the largest into
     * [1/2, 1) ({@link RowScaling}), as LAPACK's dnrm2 scales by the largest entry, so the sum of
     * squares neither underflows nor overflows; the power comes back exactly at the end. (A
     * reciprocal 1/max would overflow for subnormal rows.) Only where the scaled norm times the
     * power exceeds the double range is the answer infinite; NaN and infinite entries pass through.
     */
    public static double norm(double[] x, int off, int d) {
        double max = RowScaling.maxAbs(x, off, d);
        if (max == 0 || !Double.isFinite(max)) {
            return max;
        }
        if (plainSumOfSquares(max)) {
            double s = 0;
            for (int t = 0; t < d; t++) {
                s += x[off + t] * x[off + t];
            }
            return Math.sqrt(s);
        }
        int e = RowScaling.exponent(max);
        double[] scaled = new double[d];
        RowScaling.scaleRow(x, off, d, e, scaled, 0);
        double s = 0;
        for (int t = 0; t < d; t++) {
            s += scaled[t] * scaled[t];
        }
        return Math.scalb(Math.sqrt(s), e);
    }
}
