package dev.barron.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** FdlibmAtan against the JDK's StrictMath.atan2 (native fdlibm on JDK 17), bit for bit. */
class FdlibmAtanTest {

    private static void same(double y, double x) {
        assertEquals(Double.doubleToRawLongBits(StrictMath.atan2(y, x)),
                Double.doubleToRawLongBits(FdlibmAtan.atan2(y, x)), () -> "atan2(" + y + ", " + x + ")");
    }

    /** The backend's arguments: sqrt((1 - c)(1 + c)) and c for |c| <= 0.99, and around the edges. */
    @Test
    void equalsStrictMathOnGramCosines() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int t = 0; t < 2_000_000; t++) {
            double c = 0.99 * (2 * rng.nextDouble() - 1);
            same(Math.sqrt((1 - c) * (1 + c)), c);
        }
        for (double c : new double[] {0.99, -0.99, 1e-300, -1e-300, Double.MIN_VALUE, 0.4375, 0.6875, 1.1875}) {
            same(Math.sqrt(Math.abs((1 - c) * (1 + c))), c);
        }
    }

    /** Every reduction branch of atan: |y/x| from 2^-70 to 2^70, both signs of x. */
    @Test
    void equalsStrictMathAcrossRatios() {
        SplittableRandom rng = new SplittableRandom(12);
        for (int t = 0; t < 2_000_000; t++) {
            double x = Math.scalb(1 + rng.nextDouble(), rng.nextInt(-70, 71)) * (rng.nextBoolean() ? 1 : -1);
            double y = Math.scalb(1 + rng.nextDouble(), rng.nextInt(-70, 71));
            same(y, x);
        }
    }

    /** The cases handed to StrictMath still come back right. */
    @Test
    void specialArguments() {
        double[] values = {0.0, -0.0, 1.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 2.5};
        for (double y : values) {
            for (double x : values) {
                same(y, x);
            }
        }
    }
}
