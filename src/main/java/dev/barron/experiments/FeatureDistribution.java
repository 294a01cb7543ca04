package dev.barron.experiments;

import dev.barron.model.Check;
import dev.barron.model.Matrix;
import dev.barron.train.Rng;

/** mu, the law of the fixed first layer of random features (docs/MATH.md section 12.1). */
public enum FeatureDistribution {
    /** w ~ N(0, I_d / d), so that E ||w||^2 = 1. */
    GAUSSIAN("gaussian"),
    /** w uniform on the unit sphere S^(d-1). */
    SPHERE("sphere");

    private final String label;

    FeatureDistribution(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** m rows of d drawn from rng in stream order. */
    public Matrix draw(int m, int d, Rng rng) {
        double[] w = new double[m * d];
        rng.gaussians(w);
        for (int i = 0; i < m; i++) {
            double scale = this == GAUSSIAN ? 1 / Math.sqrt(d) : 1 / dev.barron.math.StableAngle.norm(w, i * d, d);
            for (int t = 0; t < d; t++) {
                w[i * d + t] *= scale;
            }
        }
        return new Matrix(m, d, w);
    }

    public static FeatureDistribution parse(String text) {
        for (FeatureDistribution v : values()) {
            if (v.label.equals(text)) {
                return v;
            }
        }
        throw Check.bad("features", text, "allowed: gaussian, sphere");
    }
}
