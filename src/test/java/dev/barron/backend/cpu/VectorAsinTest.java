package dev.barron.backend.cpu;

import jdk.incubator.vector.DoubleVector;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * VectorAsin against StrictMath: asin on [-1/2, 1/2], and the angles the lane engine forms from
 * it against StrictMath.acos and fdlibm's 2 atan2 of the direct form, within a few ulps.
 */
class VectorAsinTest {

    private static final int LANES = DoubleVector.SPECIES_PREFERRED.length();

    @Test
    void asinIsWithinTwoUlpsOfStrictMathOnTheWholeInterval() {
        SplittableRandom rng = new SplittableRandom(3);
        int n = 1 << 16;
        double worst = 0;
        for (int round = 0; round < 16; round++) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = round % 2 == 0 ? rng.nextDouble(-0.5, 0.5) : Math.scalb(rng.nextDouble(), -rng.nextInt(1, 60));
            }
            double[] got = asin(x);
            for (int i = 0; i < n; i++) {
                double want = StrictMath.asin(x[i]);
                double ulps = Math.abs(got[i] - want) / Math.ulp(want);
                worst = Math.max(worst, ulps);
                assertTrue(ulps <= 2, "asin(" + x[i] + ") = " + got[i] + ", StrictMath " + want);
            }
        }
        assertTrue(worst > 0, "the polynomial is not StrictMath's algorithm; some entry must differ");
    }

    @Test
    void theEdgesAreExact() {
        double[] x = new double[LANES];
        x[1] = -0.0;
        x[2] = 0.5;
        x[3] = -0.5;
        x[4] = Double.MIN_VALUE;
        double[] got = asin(x);
        assertEquals(0.0, got[0]);
        assertEquals(StrictMath.asin(0.5), got[2], Math.ulp(StrictMath.asin(0.5)));
        assertEquals(-got[2], got[3]);
        assertEquals(Double.MIN_VALUE, got[4]);
    }

    /**
     * acos(c) formed as the lane engine forms it, within 3 ulps of StrictMath.acos, and its sine
     * within 2 ulps of sqrt(1 - c^2) to 40 digits, on |c| <= 0.99.
     */
    @Test
    void theGramAngleAndItsSineAreWithinAFewUlps() {
        SplittableRandom rng = new SplittableRandom(5);
        int n = 4096;
        double[] c = new double[n];
        double[] x = new double[n];
        double[] base = new double[n];
        double[] mult = new double[n];
        double[] scale = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = i % 3 == 0 ? rng.nextDouble(-0.99, 0.99) : Math.copySign(rng.nextDouble(0.49, 0.99), rng.nextDouble(-1, 1));
            double a = Math.abs(c[i]);
            boolean mid = a < 0.5;
            x[i] = mid ? c[i] : Math.sqrt((1 - a) * 0.5);
            base[i] = mid ? Math.PI / 2 : c[i] > 0 ? 0 : Math.PI;
            mult[i] = mid ? -1 : c[i] > 0 ? 2 : -2;
            scale[i] = mid ? 1 : 2 * x[i];
        }
        double[] theta = new double[n];
        double[] sin = new double[n];
        VectorAsin.angles(x, base, mult, scale, theta, sin, 0, n);
        for (int i = 0; i < n; i++) {
            double want = StrictMath.acos(c[i]);
            assertEquals(want, theta[i], 3 * Math.ulp(want), "acos(" + c[i] + ")");
            BigDecimal exact = BigDecimal.ONE.subtract(new BigDecimal(c[i]).pow(2)).sqrt(MathContext.DECIMAL128);
            double wantSin = exact.doubleValue();
            assertEquals(wantSin, sin[i], 2 * Math.ulp(wantSin), "sin(acos(" + c[i] + "))");
        }
    }

    /**
     * 2 asin(|u - e| / 2) against 2 atan2(|u - e|, |u + e|) for unit vectors 1e-12 to 0.14 apart,
     * and its sine |u - e| sqrt(1 - |u - e|^2 / 4) against 40 digits.
     */
    @Test
    void theDirectFormAgreesWithTwiceTheArctangent() {
        SplittableRandom rng = new SplittableRandom(9);
        int n = 1024;
        double[] x = new double[n];
        double[] mult = new double[n];
        double[] base = new double[n];
        double[] want = new double[n];
        double[] scale = new double[n];
        double[] wantSin = new double[n];
        for (int i = 0; i < n; i++) {
            double small = Math.scalb(rng.nextDouble(0.5, 1), -rng.nextInt(0, 80)) * 0.02;
            double dm = Math.sqrt(small);
            double dp = Math.sqrt(4 - small);
            boolean anti = i % 2 == 1;
            x[i] = dm * 0.5;
            base[i] = anti ? Math.PI : 0;
            mult[i] = anti ? -2 : 2;
            want[i] = anti ? 2 * StrictMath.atan2(dp, dm) : 2 * StrictMath.atan2(dm, dp);
            scale[i] = dm;
            BigDecimal h = new BigDecimal(x[i]);
            wantSin[i] = new BigDecimal(dm).multiply(BigDecimal.ONE.subtract(h.pow(2)).sqrt(MathContext.DECIMAL128)).doubleValue();
        }
        double[] theta = new double[n];
        double[] sin = new double[n];
        VectorAsin.angles(x, base, mult, scale, theta, sin, 0, n);
        for (int i = 0; i < n; i++) {
            assertEquals(want[i], theta[i], 4 * Math.ulp(want[i]), "direct form entry " + i);
            assertEquals(wantSin[i], sin[i], 2 * Math.ulp(wantSin[i]), "direct form sine, entry " + i);
        }
    }

    /** The polynomial's constants: asin(1/2) = pi/6, to 30 digits, is met within an ulp. */
    @Test
    void asinOfOneHalfIsPiOverSix() {
        double[] x = new double[LANES];
        java.util.Arrays.fill(x, 0.5);
        BigDecimal piOver6 = new BigDecimal("0.523598775598298873077107230546583814");
        double got = asin(x)[0];
        assertEquals(piOver6.round(MathContext.DECIMAL64).doubleValue(), got, Math.ulp(got));
    }

    /** asin(x) per entry of x, |x| &lt;= 1/2, x.length a multiple of the vector length. */
    private static double[] asin(double[] x) {
        int n = x.length;
        double[] one = new double[n];
        java.util.Arrays.fill(one, 1.0);
        double[] out = new double[n];
        VectorAsin.angles(x, new double[n], one, new double[n], out, new double[n], 0, n);
        return out;
    }
}
