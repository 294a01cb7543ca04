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
 * <p>Convention: the angle with a zero vector is pi/2. With it the ReLU kernel gives
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

    /** The stable angle between two whole vectors. */
    public static double between(double[] w, double[] v) {
        if (w.length != v.length) {
            throw new IllegalArgumentException("vectors of different length: " + w.length + " and " + v.length);
        }
        return direct(w, 0, norm(w, 0, w.length), v, 0, norm(v, 0, v.length), w.length);
    }

    /** Euclidean norm of x[off .. off+d), scaled to avoid overflow and underflow. */
    public static double norm(double[] x, int off, int d) {
        double scale = 0;
        for (int t = 0; t < d; t++) {
            scale = Math.max(scale, Math.abs(x[off + t]));
        }
        if (scale == 0 || !Double.isFinite(scale)) {
            return scale;
        }
        // Multiplying by the reciprocal (rather than dividing) keeps the loop cheap; the scaled
        // entries stay in [0, 1] up to one rounding, so overflow and underflow are still avoided.
        double inverse = 1.0 / scale;
        double s = 0;
        for (int t = 0; t < d; t++) {
            double q = x[off + t] * inverse;
            s += q * q;
        }
        return scale * Math.sqrt(s);
    }
}
