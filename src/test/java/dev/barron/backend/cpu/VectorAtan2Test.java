package dev.barron.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barron.math.StableAngle;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * VectorAtan2 and the vector paths of PairGeometry against the scalar ones, bit for bit: the
 * angles against StrictMath.atan2, the cosines and sines against the scalar formulas, a row of
 * pairs against the scalar angle of each pair, at counts that leave a scalar tail.
 */
class VectorAtan2Test {

    private static void sameBits(double want, double got, String what) {
        assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(got), () -> what + ": " + want + " against " + got);
    }

    /** Every reduction interval of atan and both signs: |y / x| from 2^-70 to 2^70, y in every binade too. */
    @Test
    void anglesAreStrictMathsAcrossRatios() {
        SplittableRandom rng = new SplittableRandom(21);
        int n = 1003;
        double[] y = new double[n];
        double[] x = new double[n];
        double[] out = new double[n];
        for (int round = 0; round < 1000; round++) {
            for (int j = 0; j < n; j++) {
                x[j] = Math.scalb(1 + rng.nextDouble(), rng.nextInt(-70, 71)) * (rng.nextBoolean() ? 1 : -1);
                y[j] = Math.scalb(1 + rng.nextDouble(), rng.nextInt(-70, 71));
            }
            if (round == 0) {
                x[0] = 0.0;
                x[1] = -0.0;
                x[2] = 1.0;
                x[3] = Double.MIN_VALUE;
                x[4] = -Double.MIN_VALUE;
                y[5] = 1e300;
                x[5] = 1e-300;
            }
            VectorAtan2.atan2(y, x, out, n);
            for (int j = 0; j < n; j++) {
                sameBits(StrictMath.atan2(y[j], x[j]), out[j], "atan2(" + y[j] + ", " + x[j] + ")");
            }
        }
    }

    /** The interval bounds of fdlibm's atan, a few ulps either side, as ratios y / x. */
    @Test
    void anglesAreStrictMathsAtTheIntervalBounds() {
        double[] bounds = {0x1p-29, 0.4375, 0.6875, 1.1875, 2.4375, 0x1p60, 0x1p66};
        int n = bounds.length * 2 * 41;
        double[] y = new double[n];
        double[] x = new double[n];
        int j = 0;
        for (double b : bounds) {
            for (int u = -20; u <= 20; u++) {
                double t = b;
                for (int s = 0; s < Math.abs(u); s++) {
                    t = u < 0 ? Math.nextDown(t) : Math.nextUp(t);
                }
                y[j] = t;
                x[j++] = 1.0;
                y[j] = 0.75 * t;
                x[j++] = -0.75;
            }
        }
        double[] out = new double[n];
        VectorAtan2.atan2(y, x, out, n);
        for (int i = 0; i < n; i++) {
            sameBits(StrictMath.atan2(y[i], x[i]), out[i], "atan2(" + y[i] + ", " + x[i] + ")");
        }
    }

    /** Gram rows: cosines over [-1, 1] and near 0, zero norms, the limit 0.99 itself. */
    @Test
    void gramRowsGiveTheScalarCosinesSinesAndAngles() {
        SplittableRandom rng = new SplittableRandom(22);
        for (int round = 0; round < 2000; round++) {
            int count = 1 + rng.nextInt(70);
            double normX = round % 97 == 0 ? 0 : 0.5 + rng.nextDouble();
            double[] norms = new double[count + 3];
            double[] dot = new double[count + 5];
            for (int j = 0; j < count; j++) {
                norms[j + 3] = rng.nextInt(50) == 0 ? 0 : 0.5 + rng.nextDouble();
                double c = switch (rng.nextInt(6)) {
                    case 0 -> Math.scalb(rng.nextDouble() - 0.5, -rng.nextInt(1100));
                    case 1 -> (rng.nextBoolean() ? 1 : -1) * (0.99 + 0.0101 * rng.nextDouble());
                    case 2 -> rng.nextBoolean() ? 0.99 : -0.99;
                    default -> 2 * rng.nextDouble() - 1;
                };
                dot[j + 5] = c * normX * norms[j + 3];
            }
            double[] theta = new double[count + 2];
            double[] cos = new double[count + 2];
            double[] sin = new double[count + 2];
            VectorAtan2.fromGram(dot, 5, normX, norms, 3, count, theta, cos, sin, 2);
            double[] cos2 = new double[count + 2];
            double[] sin2 = new double[count + 2];
            VectorAtan2.cosSin(dot, 5, normX, norms, 3, count, cos2, sin2, 2);
            for (int j = 0; j < count; j++) {
                double c = StableAngle.cosine(normX, norms[j + 3], dot[j + 5]);
                double s = Math.sqrt((1 - c) * (1 + c));
                sameBits(c, cos[j + 2], "cos " + j);
                sameBits(s, sin[j + 2], "sin " + j);
                sameBits(c, cos2[j + 2], "cosSin's cos " + j);
                sameBits(s, sin2[j + 2], "cosSin's sin " + j);
                if (StableAngle.gramIsAccurate(c)) {
                    sameBits(StrictMath.atan2(s, c), theta[j + 2], "theta " + j + " at c = " + c);
                } else {
                    assertTrue(Double.isNaN(theta[j + 2]), "no angle where the Gram is not accurate, c = " + c);
                }
            }
        }
    }

    /** PairGeometry.row against the scalar angle of each pair, near-parallel pairs and the self pair included. */
    @Test
    void aRowOfPairsIsTheScalarOne() {
        SplittableRandom rng = new SplittableRandom(23);
        int d = 7;
        for (int round = 0; round < 300; round++) {
            int count = 1 + rng.nextInt(40);
            double[] y = new double[count * d];
            double[] x = new double[d];
            for (int t = 0; t < d; t++) {
                x[t] = rng.nextDouble() - 0.5;
            }
            for (int j = 0; j < count; j++) {
                int kind = rng.nextInt(4);
                for (int t = 0; t < d; t++) {
                    double noise = rng.nextDouble() - 0.5;
                    y[j * d + t] = kind == 0 ? x[t] + 1e-9 * noise : kind == 1 ? -x[t] + 1e-5 * noise : noise;
                }
            }
            double[] normsY = PairGeometry.rowNorms(y, count, d);
            double normX = PairGeometry.rowNorms(x, 1, d)[0];
            double[] gram = new double[count];
            for (int j = 0; j < count; j++) {
                for (int t = 0; t < d; t++) {
                    gram[j] += x[t] * y[j * d + t];
                }
            }
            int self = rng.nextInt(count + 1) - 1;
            double[] theta = new double[count];
            double[] cos = new double[count];
            double[] sin = new double[count];
            PairGeometry.row(gram, normX, normsY, x, 0, y, d, count, self, theta, cos, sin);
            for (int j = 0; j < count; j++) {
                double want = j == self ? 0 : PairGeometry.angle(gram[j], normX, normsY[j], x, 0, y, j * d, d);
                sameBits(want, theta[j], "theta " + j);
                double c = StableAngle.cosine(normX, normsY[j], gram[j]);
                boolean accurate = StableAngle.gramIsAccurate(c);
                sameBits(j == self ? 1 : accurate ? c : Math.cos(want), cos[j], "cos " + j);
                sameBits(j == self ? 0 : accurate ? Math.sqrt((1 - c) * (1 + c)) : Math.sin(want), sin[j], "sin " + j);
            }
        }
    }
}
