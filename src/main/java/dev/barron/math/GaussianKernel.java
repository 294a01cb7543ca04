package dev.barron.math;

import dev.barron.model.Activation;

/**
 * Closed forms of kappa(w, v) = E[sigma(w.x) sigma(v.x)], x ~ N(0, I), and of its gradient
 * in the first argument, for every {@link Activation} (docs/MATH.md section 2).
 *
 * <p>All four kernels depend on w and v only through |w|, |v| and the angle theta, so the
 * gradient is always a combination grad_w kappa(w, v) = alpha * w + beta * v. Backends
 * compute (kappa, alpha, beta) per pair from the Gram matrix and assemble the gradient as a
 * matrix product; these scalar forms are the reference every backend must agree with.
 *
 * <p>The caller passes theta with cos(theta) and sin(theta) so that it can take them from
 * the Gram entry where that is accurate (see {@link StableAngle}). The self pair (v = w)
 * is theta = 0, cos = 1, sin = 0; (alpha + beta) w is then the partial derivative in the
 * first argument, which is half of d/dw kappa(w, w).
 *
 * <p>Edge conventions (documented where each applies):
 * <ul>
 *   <li>relu, w = 0: theta = pi/2 gives g(0, v) = v/4, the relu'(0) = 1/2 convention;</li>
 *   <li>step: kappa(0, v) = 0 (step(0) = 0), and the gradient is taken as 0 at theta = 0
 *       and theta = pi, where its direction is undefined (its size is 1/(2 pi |w|)
 *       on both sides). "At" means sin(theta) &lt; {@link #STEP_SIN_FLOOR}: alpha w + beta v
 *       is a difference of terms of size 1/sin(theta) whose direction carries a relative
 *       error of about eps / sin(theta), and sin(Math.PI) is 1.2e-16, not 0. Above the floor
 *       the direction is accurate to 1e-4 relative;</li>
 *   <li>a zero v gives kappa = 0 and a zero gradient for every activation.</li>
 * </ul>
 */
public final class GaussianKernel {

    /** Index of kappa in the output triple. */
    public static final int KAPPA = 0;
    /** Index of alpha (coefficient of w) in the output triple. */
    public static final int ALPHA = 1;
    /** Index of beta (coefficient of v) in the output triple. */
    public static final int BETA = 2;

    /**
     * Below this sin(theta) the step gradient is taken as 0 (see the class comment). Every
     * backend uses the same floor so that they agree on (nearly) parallel pairs.
     */
    public static final double STEP_SIN_FLOOR = 1e-12;

    private static final double INV_2PI = 1.0 / (2.0 * Math.PI);
    private static final double TWO_OVER_PI = 2.0 / Math.PI;

    private GaussianKernel() {
    }

    /**
     * Writes kappa, alpha, beta of the pair (w, v) to out[off], out[off+1], out[off+2].
     *
     * @param normW |w|
     * @param normV |v|
     * @param theta angle in [0, pi] (pi/2 where a vector is zero)
     * @param cos   cos(theta)
     * @param sin   sin(theta), &gt;= 0
     */
    public static void evaluate(Activation act, double normW, double normV, double theta, double cos, double sin,
                                double[] out, int off) {
        double kappa;
        double alpha;
        double beta;
        if (normV == 0) {
            kappa = 0;
            alpha = 0;
            beta = 0;
        } else {
            switch (act) {
                case RELU: {
                    double piMinus = Math.PI - theta;
                    kappa = normW * normV * (sin + piMinus * cos) * INV_2PI;
                    alpha = normW == 0 ? 0 : normV * sin * INV_2PI / normW;
                    beta = piMinus * INV_2PI;
                    break;
                }
                case STEP: {
                    if (normW == 0) {
                        kappa = 0;
                        alpha = 0;
                        beta = 0;
                    } else {
                        kappa = (Math.PI - theta) * INV_2PI;
                        if (sin < STEP_SIN_FLOOR) {
                            alpha = 0;
                            beta = 0;
                        } else {
                            alpha = -cos * INV_2PI / (sin * normW * normW);
                            beta = INV_2PI / (sin * normW * normV);
                        }
                    }
                    break;
                }
                case ERF: {
                    double aw = 1 + normW * normW;
                    double av = 1 + normV * normV;
                    double root = Math.sqrt(aw * av);
                    double z = normW * normV * cos / root;
                    double q = Math.sqrt((1 - z) * (1 + z));
                    kappa = TWO_OVER_PI * Math.atan2(z, q); // asin(z), without the JDK's slow asin
                    alpha = -TWO_OVER_PI * z / (aw * q);
                    beta = TWO_OVER_PI / (root * q);
                    break;
                }
                default: {
                    double piMinus = Math.PI - theta;
                    double j1 = sin + piMinus * cos;
                    double j2 = 3 * sin * cos + piMinus * (1 + 2 * cos * cos);
                    double vv = normV * normV;
                    kappa = normW * normW * vv * j2 * INV_2PI;
                    alpha = vv * (2 * j2 - 4 * cos * j1) * INV_2PI;
                    beta = 4 * normW * normV * j1 * INV_2PI;
                    break;
                }
            }
        }
        out[off + KAPPA] = kappa;
        out[off + ALPHA] = alpha;
        out[off + BETA] = beta;
    }

    /**
     * The degree p of positive homogeneity that the backends use to rebalance a neuron before
     * evaluating it: sigma(c z) = c^p sigma(z) for c &gt; 0 gives p = 1 (relu), 2 (relu^2), 0 (step).
     * erf is not homogeneous; it is evaluated in its own scaled form ({@link #evaluateScaled})
     * that satisfies the same identities with p = 0.
     */
    public static int degree(Activation act) {
        switch (act) {
            case RELU:
                return 1;
            case RELU2:
                return 2;
            default:
                return 0;
        }
    }

    /**
     * The triple of the pair (w, v) = (2^ew w', 2^ev v') from the scaled rows' norms |w'|, |v'|
     * (rows scaled by {@link RowScaling}, norms of order one), in the scaled convention:
     * <pre>
     *   kappa = 2^(p (ew + ev)) kappa',  alpha = 2^(p ev + (p - 2) ew - x) alpha',
     *   beta = 2^((p - 1)(ew + ev) - x) beta',   x = {@link #rowExponent}(act, ew) - (p - 1) ew
     * </pre>
     * with p = {@link #degree}. For relu, relu^2 and step (x = 0) this is {@link #evaluate} at
     * the scaled norms, by homogeneity. erf has its own form, with x = ew (its row factor carries no
     * power: the gradient of erf is bounded while 2^-ew is not), in A = 2^(-2e) + |w'|^2 =
     * (1 + |w|^2) 2^(-2e) and |w| = 2^ew |w'|:
     * <pre>
     *   z = cos |w'| |v'| / sqrt(A_w A_v),  q = sqrt(1 - z^2),  kappa = (2/pi) asin z,
     *   alpha' = alpha 2^ew = -(2/pi) z / ((2^-ew + 2^ew |w'|^2) q),
     *   beta' = beta 2^ev = (2/pi) / (hypot(1, |w|) sqrt(A_v) q).
     * </pre>
     * Nothing here overflows to a NaN for any representable rows: that is why backends evaluate
     * scaled rows and carry the powers of two on the outer weights (see the evaluators).
     */
    public static void evaluateScaled(Activation act, double scaledNormW, int expW, double scaledNormV, int expV,
                                      double theta, double cos, double sin, double[] out, int off) {
        if (act != Activation.ERF || scaledNormV == 0) {
            evaluate(act, scaledNormW, scaledNormV, theta, cos, sin, out, off);
            return;
        }
        double aw = Math.scalb(1.0, -2 * expW) + scaledNormW * scaledNormW;
        double av = Math.scalb(1.0, -2 * expV) + scaledNormV * scaledNormV;
        double z = cos * (scaledNormW / Math.sqrt(aw)) * (scaledNormV / Math.sqrt(av));
        double q = Math.sqrt((1 - z) * (1 + z));
        out[off + KAPPA] = TWO_OVER_PI * Math.atan2(z, q);
        out[off + ALPHA] = -TWO_OVER_PI * z
                / ((Math.scalb(1.0, -expW) + Math.scalb(scaledNormW * scaledNormW, expW)) * q);
        out[off + BETA] = TWO_OVER_PI / (Math.hypot(1.0, Math.scalb(scaledNormW, expW)) * Math.sqrt(av) * q);
    }

    /**
     * The power of two on a student row's gradient factor r_i = s a_i 2^rowExponent (see the
     * evaluators): (p - 1) e for the homogeneous activations, 0 for erf.
     */
    public static int rowExponent(Activation act, int e) {
        return act == Activation.ERF ? 0 : (degree(act) - 1) * e;
    }

    /** kappa(w, v) for two whole vectors, with the stable angle. */
    public static double kappa(Activation act, double[] w, double[] v) {
        double[] out = new double[3];
        evaluateVectors(act, w, v, out);
        return out[KAPPA];
    }

    /** grad_w kappa(w, v) for two whole vectors, with the stable angle. */
    public static double[] gradient(Activation act, double[] w, double[] v) {
        double[] out = new double[3];
        evaluateVectors(act, w, v, out);
        double[] g = new double[w.length];
        for (int t = 0; t < w.length; t++) {
            g[t] = out[ALPHA] * w[t] + out[BETA] * v[t];
        }
        return g;
    }

    /** kappa(w, w): the self term, exact for each activation. */
    public static double self(Activation act, double normW) {
        double[] out = new double[3];
        evaluate(act, normW, normW, 0, 1, 0, out, 0);
        return out[KAPPA];
    }

    private static void evaluateVectors(Activation act, double[] w, double[] v, double[] out) {
        int d = w.length;
        double nw = StableAngle.norm(w, 0, d);
        double nv = StableAngle.norm(v, 0, d);
        double theta = StableAngle.between(w, v);
        evaluate(act, nw, nv, theta, Math.cos(theta), Math.sin(theta), out, 0);
    }
}
