package dev.barron.model;

import org.apache.commons.math3.special.Erf;

/**
 * The hidden activation sigma. Each has a closed-form Gaussian kernel E[sigma(w.x) sigma(v.x)]
 * ({@link dev.barron.math.GaussianKernel}); the pointwise value and derivative here serve the
 * forward pass and the empirical gradient.
 */
public enum Activation implements Labelled {
    /** relu(z) = max(z, 0); relu'(0) = 1/2 by convention (docs/MATH.md section 2.2). */
    RELU,
    /** step(z) = 1{z &gt; 0}; its derivative is 0 almost everywhere. */
    STEP,
    /** erf(z / sqrt 2). */
    ERF,
    /** relu(z)^2. */
    RELU2;

    private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);
    private static final double INV_SQRT_2 = Math.sqrt(0.5);

    public double value(double z) {
        switch (this) {
            case RELU:
                return z > 0 ? z : 0;
            case STEP:
                return z > 0 ? 1 : 0;
            case ERF:
                return Erf.erf(z * INV_SQRT_2);
            default:
                return z > 0 ? z * z : 0;
        }
    }

    public double derivative(double z) {
        switch (this) {
            case RELU:
                return z > 0 ? 1 : (z == 0 ? 0.5 : 0);
            case STEP:
                return 0;
            case ERF:
                return SQRT_2_OVER_PI * Math.exp(-0.5 * z * z);
            default:
                return z > 0 ? 2 * z : 0;
        }
    }

    public static Activation parse(String text) {
        return Labelled.parse(Activation.class, "activation", text);
    }
}
