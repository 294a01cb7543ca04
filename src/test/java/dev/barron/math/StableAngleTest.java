package dev.barron.math;

import dev.barron.model.Activation;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Gram-cosine angle and the erf kernel use atan2 forms; they must equal acos and asin. */
class StableAngleTest {

    @Test
    void gramAngleEqualsAcosWhereTheGramIsAccurate() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int trial = 0; trial < 100_000; trial++) {
            double c = (2 * rng.nextDouble() - 1) * StableAngle.GRAM_COS_LIMIT;
            double theta = StableAngle.fromGram(1, 1, c);
            assertEquals(Math.acos(c), theta, 4 * Math.ulp(Math.acos(c)), "cos = " + c);
        }
        assertEquals(0.5 * Math.PI, StableAngle.fromGram(0, 2, 1), 0, "zero vector: pi/2");
        assertTrue(StableAngle.gramIsAccurate(-0.99));
        assertFalse(StableAngle.gramIsAccurate(0.995));
    }

    @Test
    void erfKernelEqualsItsAsinForm() {
        SplittableRandom rng = new SplittableRandom(4);
        for (int trial = 0; trial < 1000; trial++) {
            double[] w = {rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian()};
            double[] v = {rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian()};
            double nw = StableAngle.norm(w, 0, 3);
            double nv = StableAngle.norm(v, 0, 3);
            double dot = w[0] * v[0] + w[1] * v[1] + w[2] * v[2];
            double expected = 2 / Math.PI * Math.asin(dot / Math.sqrt((1 + nw * nw) * (1 + nv * nv)));
            assertEquals(expected, GaussianKernel.kappa(Activation.ERF, w, v), 1e-14);
        }
    }
}
