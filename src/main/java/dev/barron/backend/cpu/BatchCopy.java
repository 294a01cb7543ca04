package dev.barron.backend.cpu;

/**
 * Rows of a batch copied into a panel of the products' storage, every entry checked finite on
 * the way, a chunk at a time: the check reads each chunk into the level-1 cache just before the
 * copy reads it again, so a large batch pays one pass over memory, not a second one for its
 * check (at n x d = 1.6e7 a separate scan cost about a tenth of a float32 forward pass).
 */
final class BatchCopy {

    private static final int CHUNK = 2048;

    private BatchCopy() {
    }

    /** src[from, from + length) into panel from entry 0, rounded to its precision; false if an entry is not finite. */
    static boolean copy(double[] src, int from, int length, RealArray panel) {
        for (int done = 0; done < length; done += CHUNK) {
            int len = Math.min(CHUNK, length - done);
            if (!finite(src, from + done, len)) {
                return false;
            }
            panel.write(done, src, from + done, len);
        }
        return true;
    }

    /** {@link #copy(double[], int, int, RealArray)} from floats (exact into either precision). */
    static boolean copy(float[] src, int from, int length, RealArray panel) {
        for (int done = 0; done < length; done += CHUNK) {
            int len = Math.min(CHUNK, length - done);
            if (!finite(src, from + done, len)) {
                return false;
            }
            panel.writeFloats(done, src, from + done, len);
        }
        return true;
    }

    static boolean finite(double[] x, int from, int length) {
        return VectorApi.PRESENT ? VectorSums.finite(x, from, length) : finiteScalar(x, from, length);
    }

    static boolean finite(float[] x, int from, int length) {
        return VectorApi.PRESENT ? VectorSums.finite(x, from, length) : finiteScalar(x, from, length);
    }

    /** Whether x[from, from + length) holds no NaN or infinity: v * 0 is 0 for finite v, else NaN. */
    static boolean finiteScalar(double[] x, int from, int length) {
        double s0 = 0;
        double s1 = 0;
        int t = 0;
        for (; t + 1 < length; t += 2) {
            s0 += x[from + t] * 0.0;
            s1 += x[from + t + 1] * 0.0;
        }
        for (; t < length; t++) {
            s0 += x[from + t] * 0.0;
        }
        return s0 + s1 == 0;
    }

    static boolean finiteScalar(float[] x, int from, int length) {
        float s0 = 0;
        float s1 = 0;
        int t = 0;
        for (; t + 1 < length; t += 2) {
            s0 += x[from + t] * 0f;
            s1 += x[from + t + 1] * 0f;
        }
        for (; t < length; t++) {
            s0 += x[from + t] * 0f;
        }
        return s0 + s1 == 0;
    }
}
