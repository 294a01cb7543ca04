package dev.barron.experiments;

import dev.barron.model.Labelled;
import dev.barron.model.Matrix;
import dev.barron.train.Rng;

/** mu, the law of the fixed first layer of random features (docs/MATH.md section 12.1). */
public enum FeatureDistribution implements Labelled {
    /** w ~ N(0, I_d / d), so that E ||w||^2 = 1. */
    GAUSSIAN,
    /** w uniform on the unit sphere S^(d-1). */
    SPHERE;

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
        return Labelled.parse(FeatureDistribution.class, "features", text);
    }
}
