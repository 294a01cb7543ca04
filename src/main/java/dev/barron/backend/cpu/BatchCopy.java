package dev.barron.backend.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Rows of a batch copied into a panel of the products' storage, every entry checked finite on
 * the way, a chunk at a time: the check reads each chunk into the level-1 cache just before the
 * copy reads it again, so a large batch pays one pass over memory, not a second one for its
 * check (at n x d = 1.6e7 a separate scan cost about a tenth of a float32 forward pass).
 */
final class BatchCopy {

    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
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

    /** Whether x[from, from + length) holds no NaN or infinity: v * 0 is 0 for finite v, else NaN. */
    private static boolean finite(double[] x, int from, int length) {
        DoubleVector acc = DoubleVector.zero(DOUBLES);
        int t = 0;
        for (; t + DOUBLES.length() <= length; t += DOUBLES.length()) {
            acc = acc.add(DoubleVector.fromArray(DOUBLES, x, from + t).mul(0.0));
        }
        double tail = 0;
        for (; t < length; t++) {
            tail += x[from + t] * 0.0;
        }
        return !acc.test(jdk.incubator.vector.VectorOperators.IS_NAN).anyTrue() && tail == 0;
    }

    private static boolean finite(float[] x, int from, int length) {
        FloatVector acc = FloatVector.zero(FLOATS);
        int t = 0;
        for (; t + FLOATS.length() <= length; t += FLOATS.length()) {
            acc = acc.add(FloatVector.fromArray(FLOATS, x, from + t).mul(0f));
        }
        float tail = 0;
        for (; t < length; t++) {
            tail += x[from + t] * 0f;
        }
        return !acc.test(jdk.incubator.vector.VectorOperators.IS_NAN).anyTrue() && tail == 0;
    }
}
