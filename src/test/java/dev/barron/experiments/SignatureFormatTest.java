package dev.barron.experiments;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A spurious point's signature writes its rounded W V^T entries from their integer ten-thousandths;
 * the Formatter that wrote them before is the oracle: the same characters for every value, so that
 * the distinct points of a survey (and summaries written before) stay what they were.
 */
class SignatureFormatTest {

    private static String formatter(long r) {
        return String.format(Locale.ROOT, "%.4f", r / 1e4 + 0.0);
    }

    private static String direct(long r) {
        return SurveySummary.appendTenThousandths(new StringBuilder(), r).toString();
    }

    @Test
    void writesWhatTheFormatterWrites() {
        long[] edges = {0, 1, -1, 9, 10, 99, 100, 999, 1000, 9999, 10_000, -10_000, 10_001, -5, -9999, 123_456_789,
                -987_654_321_012L, 999_999_999_999_999L, -999_999_999_999_999L, 1_000_000_000_000_000L, Long.MAX_VALUE,
                Long.MIN_VALUE + 1, Long.MIN_VALUE};
        for (long r : edges) {
            assertEquals(formatter(r), direct(r), "r = " + r);
        }
        SplittableRandom rng = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            // the dot products of unit-scale rows (|r| up to a few 10^4), then any magnitude
            long r = i % 2 == 0 ? rng.nextLong(-40_000, 40_001) : rng.nextLong() >> rng.nextInt(64);
            assertEquals(formatter(r), direct(r), "r = " + r);
        }
    }

    /** The loss and the norms are formatted in Locale.US (cheaper in the JDK's Formatter): the characters of Locale.ROOT. */
    @Test
    void theUsLocaleWritesTheRootLocalesSignificantDigits() {
        double[] edges = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
            Double.MAX_VALUE, 1e-4, 9.99995e-5, 99995.0, 1e15, 0.05975, 1.0, 123456.789};
        SplittableRandom rng = new SplittableRandom(11);
        for (int i = 0; i < 200_000 + edges.length; i++) {
            double x = i < edges.length ? edges[i] : Math.scalb(rng.nextDouble() - 0.3, rng.nextInt(-60, 60));
            for (String format : new String[]{"%.4g ", "%.6g|"}) {
                assertEquals(String.format(Locale.ROOT, format, x), String.format(Locale.US, format, x), format + " of " + x);
            }
        }
    }
}
