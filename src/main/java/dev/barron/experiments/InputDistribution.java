package dev.barron.experiments;

import dev.barron.model.Check;
import dev.barron.train.Rng;

/**
 * Where the inputs of a learning problem come from. Under GAUSSIAN the L2 distance of two
 * networks has a closed form (docs/MATH.md section 3); under UNIFORM (bounded data, as in the
 * rate theorems) it is estimated by Monte Carlo.
 */
public enum InputDistribution {
    /** x ~ N(0, I_d). */
    GAUSSIAN("gaussian"),
    /** x uniform on [-1, 1]^d. */
    UNIFORM("uniform");

    private final String label;

    InputDistribution(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Fills out (row-major, rows of d) with draws from rng, in stream order. */
    public void fill(Rng rng, double[] out) {
        if (this == GAUSSIAN) {
            rng.gaussians(out);
            return;
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = 2 * rng.nextDouble() - 1;
        }
    }

    public static InputDistribution parse(String text) {
        for (InputDistribution v : values()) {
            if (v.label.equals(text)) {
                return v;
            }
        }
        throw Check.bad("inputs", text, "allowed: gaussian, uniform");
    }
}
