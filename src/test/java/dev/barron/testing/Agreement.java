package dev.barron.testing;

import dev.barron.train.EnsembleResult;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Comparisons of a backend's results with the CPU reference, relative to the size of the quantity. */
public final class Agreement {

    private Agreement() {
    }

    /** |expected - actual|_inf <= tol * max(|expected|_inf, floor), entry by entry. */
    public static void close(double[] expected, double[] actual, double tol, String label) {
        assertEquals(expected.length, actual.length, label + ": length");
        double scale = 1e-3;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol * scale, label + "[" + i + "]");
        }
    }

    public static void close(double expected, double actual, double tol, double scale, String label) {
        assertEquals(expected, actual, tol * Math.max(Math.abs(expected), scale), label);
    }

    /** The same stop reason, step count, restarts, last step's statistics and W, bit for bit. */
    public static void bitForBit(EnsembleResult want, EnsembleResult got, String what) {
        assertEquals(want.reason(), got.reason(), what);
        assertEquals(want.steps(), got.steps(), what);
        assertEquals(want.last(), got.last(), what);
        assertEquals(want.restarts(), got.restarts(), what);
        if (want.network() != null) {
            assertArrayEquals(want.network().w().data(), got.network().w().data(), 0.0, what);
        }
    }
}
