package dev.barron.backend.cpu;

/**
 * The dot product the CPU backend's scalar passes share: four interleaved partial sums,
 * combined as (s0 + s1) + (s2 + s3), the tail on s0. One running sum would wait on the adder's
 * latency at every term; the order is fixed, so results do not depend on the machine or the
 * thread count.
 */
final class Dot {

    private Dot() {
    }

    /** x[xo ..] . y[yo ..] over n terms. */
    static double interleaved(double[] x, int xo, double[] y, int yo, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int t = 0;
        for (; t + 3 < n; t += 4) {
            s0 += x[xo + t] * y[yo + t];
            s1 += x[xo + t + 1] * y[yo + t + 1];
            s2 += x[xo + t + 2] * y[yo + t + 2];
            s3 += x[xo + t + 3] * y[yo + t + 3];
        }
        for (; t < n; t++) {
            s0 += x[xo + t] * y[yo + t];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
