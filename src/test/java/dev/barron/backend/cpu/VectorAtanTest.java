package dev.barron.backend.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** VectorAtan against StrictMath.atan2, bit for bit, lane by lane. */
class VectorAtanTest {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    /** The arguments the lane engine passes (sin, cos of an angle) and any y >= 0, x of ratios up to 2^60. */
    @Test
    void everyLaneIsStrictMathsAtan2() {
        SplittableRandom rng = new SplittableRandom(7);
        int n = S.length();
        double[] y = new double[n];
        double[] x = new double[n];
        double[] got = new double[n];
        for (int trial = 0; trial < 200_000; trial++) {
            for (int l = 0; l < n; l++) {
                if (trial % 2 == 0) {
                    double c = trial % 4 == 0 ? rng.nextDouble(-1, 1) : Math.signum(rng.nextDouble(-1, 1)) * (1 - Math.scalb(rng.nextDouble(), -rng.nextInt(53)));
                    x[l] = c;
                    y[l] = Math.sqrt((1 - c) * (1 + c));
                } else {
                    y[l] = Math.scalb(rng.nextDouble(), rng.nextInt(-30, 30));
                    x[l] = (rng.nextBoolean() ? 1 : -1) * Math.scalb(rng.nextDouble(), rng.nextInt(-30, 30));
                }
            }
            VectorAtan.atan2(y, x, got, 0, n);
            for (int l = 0; l < n; l++) {
                double want = StrictMath.atan2(y[l], x[l]);
                int lane = l;
                assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(got[l]),
                        () -> "atan2(" + y[lane] + ", " + x[lane] + "): " + got[lane] + " vs " + want);
            }
        }
    }

    @Test
    void edges() {
        double[][] cases = {{0, 1}, {0, -1}, {1, 0}, {0, 0}, {1, 1}, {1, -1}, {1e-300, 1}, {1, 1e-300}, {1, -1e-300}, {Double.MIN_VALUE, 1}};
        int n = S.length();
        for (double[] c : cases) {
            double[] y = new double[n];
            double[] x = new double[n];
            java.util.Arrays.fill(y, c[0]);
            java.util.Arrays.fill(x, c[1]);
            double[] got = new double[n];
            VectorAtan.atan2(y, x, got, 0, n);
            assertEquals(StrictMath.atan2(c[0], c[1]), got[0], Math.ulp(StrictMath.atan2(c[0], c[1])), "atan2(" + c[0] + ", " + c[1] + ")");
        }
    }
}
