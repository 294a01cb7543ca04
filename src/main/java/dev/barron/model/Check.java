package dev.barron.model;

/**
 * Argument checks shared by the value types. Every failure names the parameter, the value
 * that was given and what is allowed, so that a command-line user can fix the call at once.
 */
public final class Check {
    private Check() {
    }

    public static IllegalArgumentException bad(String parameter, Object value, String allowed) {
        return new IllegalArgumentException(
                "invalid " + parameter + " = " + value + ": " + allowed);
    }

    public static int positive(String parameter, int value) {
        if (value < 1) {
            throw bad(parameter, value, "must be >= 1");
        }
        return value;
    }

    public static double positive(String parameter, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw bad(parameter, value, "must be a finite number > 0");
        }
        return value;
    }

    public static double nonNegative(String parameter, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw bad(parameter, value, "must be a finite number >= 0");
        }
        return value;
    }

    /** Rejects NaN and infinite entries, naming the first offending index. */
    public static void finite(String parameter, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw bad(parameter + "[" + i + "]", values[i], "entries must be finite (no NaN or Inf)");
            }
        }
    }

    /** The shape of a row-major matrix record: non-negative sizes and an array of rows x cols entries. */
    static void matrix(int rows, int cols, Object data, int length) {
        if (rows < 0) {
            throw bad("rows", rows, "must be >= 0");
        }
        if (cols < 0) {
            throw bad("cols", cols, "must be >= 0");
        }
        if (data == null || length != (long) rows * cols) {
            throw bad("data.length", data == null ? "null" : length, "must equal rows * cols = " + (long) rows * cols);
        }
    }

    /** {@link #finite(String, double[])} for floats. */
    public static void finite(String parameter, float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw bad(parameter + "[" + i + "]", values[i], "entries must be finite (no NaN or Inf)");
            }
        }
    }
}
