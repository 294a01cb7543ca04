package dev.barron.backend.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector forms of {@link RowSums} and {@link BatchCopy}'s scans (reached only when
 * {@link VectorApi#PRESENT}): the same arithmetic in the same order as their scalar forms, so
 * either gives the same bits.
 */
final class VectorSums {

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    /** Doubles of the same vector width as {@link #FLOATS}: a float vector widens into two. */
    private static final VectorSpecies<Double> DOUBLES = VectorSpecies.of(double.class,
            VectorShape.forBitSize(FLOATS.vectorBitSize()));
    private static final VectorSpecies<Double> SCAN = DoubleVector.SPECIES_PREFERRED;

    private VectorSums() {
    }

    /** Whether a float vector fits {@link RowSums#SLOTS} a whole number of times. */
    static boolean fitsSlots() {
        return RowSums.SLOTS % FLOATS.length() == 0;
    }

    /**
     * part[k] = fma(max(z_j, 0), a_j, part[k]) for every j = i + k of the whole blocks of
     * {@link RowSums#SLOTS} entries below m, i a multiple of SLOTS; returns the entries done.
     */
    static int reluSlots(float[] z, double[] a, int m, double[] part) {
        int j = 0;
        for (; j + RowSums.SLOTS <= m; j += RowSums.SLOTS) {
            for (int k = 0; k < RowSums.SLOTS; k += FLOATS.length()) {
                FloatVector zk = FloatVector.fromArray(FLOATS, z, j + k);
                FloatVector h = zk.blend(0f, zk.compare(VectorOperators.LT, 0f));
                DoubleVector low = (DoubleVector) h.convertShape(VectorOperators.F2D, DOUBLES, 0);
                DoubleVector high = (DoubleVector) h.convertShape(VectorOperators.F2D, DOUBLES, 1);
                int hk = k + DOUBLES.length();
                low.fma(DoubleVector.fromArray(DOUBLES, a, j + k), DoubleVector.fromArray(DOUBLES, part, k)).intoArray(part, k);
                high.fma(DoubleVector.fromArray(DOUBLES, a, j + hk), DoubleVector.fromArray(DOUBLES, part, hk)).intoArray(part, hk);
            }
        }
        return j;
    }

    /** Whether x[from, from + length) holds no NaN or infinity: v * 0 is 0 for finite v, else NaN. */
    static boolean finite(double[] x, int from, int length) {
        DoubleVector acc = DoubleVector.zero(SCAN);
        int t = 0;
        for (; t + SCAN.length() <= length; t += SCAN.length()) {
            acc = acc.add(DoubleVector.fromArray(SCAN, x, from + t).mul(0.0));
        }
        return !acc.test(VectorOperators.IS_NAN).anyTrue() && BatchCopy.finiteScalar(x, from + t, length - t);
    }

    static boolean finite(float[] x, int from, int length) {
        FloatVector acc = FloatVector.zero(FLOATS);
        int t = 0;
        for (; t + FLOATS.length() <= length; t += FLOATS.length()) {
            acc = acc.add(FloatVector.fromArray(FLOATS, x, from + t).mul(0f));
        }
        return !acc.test(VectorOperators.IS_NAN).anyTrue() && BatchCopy.finiteScalar(x, from + t, length - t);
    }
}
