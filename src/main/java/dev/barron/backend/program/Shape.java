package dev.barron.backend.program;

import dev.barron.model.Check;

/**
 * What the launches of an operation depend on: m students, k teacher rows, input dimension d,
 * batch size n (0: no batch operations), and the scalars every launch of one state passes the
 * same: the scaling s, the activation code and whether the outer weights train.
 */
public record Shape(int m, int k, int d, int n, double scale, int act, boolean includeOuter) {

    public Shape {
        if (m < 1 || k < 0 || d < 1 || n < 0) {
            throw Check.bad("shape (m, k, d, n)", m + ", " + k + ", " + d + ", " + n, "m, d >= 1 and k, n >= 0");
        }
        // Kernels index with 32-bit ints: every array they address must stay below 2^31 entries.
        for (Buf b : Buf.values()) {
            if (b.size(m, k, d, n) > Integer.MAX_VALUE) {
                throw Check.bad(b.batch() ? "batch size n" : "problem size (m, k, d)",
                        b.batch() ? Integer.toString(n) : m + ", " + k + ", " + d,
                        "the device arrays (here " + b.name().toLowerCase() + ") must stay below 2^31 entries");
            }
        }
    }

    public int rows() {
        return m + k;
    }

    public int md() {
        return m * d;
    }

    /** This shape with the batch operations shaped for n samples. */
    public Shape withBatch(int samples) {
        return new Shape(m, k, d, samples, scale, act, includeOuter);
    }

    /** The number of reals of a buffer. */
    public int size(Buf b) {
        return (int) b.size(m, k, d, n);
    }
}
