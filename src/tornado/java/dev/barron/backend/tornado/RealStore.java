package dev.barron.backend.tornado;

import dev.barron.model.Precision;
import uk.ac.manchester.tornado.api.types.arrays.DoubleArray;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.TornadoNativeArray;

/**
 * One TornadoVM array of reals in the session's precision: a DoubleArray for f64, a FloatArray
 * for f32. Every buffer of the driver is one of these, so the driver has a single code path and
 * the precision is decided here only (the kernels get it from -DREAL_IS_DOUBLE).
 */
final class RealStore {

    private final Precision precision;
    private final DoubleArray doubles;
    private final FloatArray floats;
    private final int length;

    RealStore(Precision precision, int length) {
        this.precision = precision;
        // TornadoVM cannot allocate an empty array; a length-1 placeholder is never read.
        int n = Math.max(1, length);
        this.length = length;
        this.doubles = precision == Precision.F64 ? new DoubleArray(n) : null;
        this.floats = precision == Precision.F64 ? null : new FloatArray(n);
    }

    /** The TornadoVM object that task graphs name. */
    TornadoNativeArray array() {
        return doubles != null ? doubles : floats;
    }

    int length() {
        return length;
    }

    /** this[at .. at + count) = src[from .. from + count), rounded to the precision. */
    void put(int at, double[] src, int from, int count) {
        if (doubles != null) {
            for (int e = 0; e < count; e++) {
                doubles.set(at + e, src[from + e]);
            }
        } else {
            for (int e = 0; e < count; e++) {
                floats.set(at + e, (float) src[from + e]);
            }
        }
    }

    void set(int at, double value) {
        if (doubles != null) {
            doubles.set(at, value);
        } else {
            floats.set(at, (float) value);
        }
    }

    double get(int at) {
        return doubles != null ? doubles.get(at) : floats.get(at);
    }

    /** A copy of this[from .. from + count) as doubles. */
    double[] copy(int from, int count) {
        double[] out = new double[count];
        for (int e = 0; e < count; e++) {
            out[e] = get(from + e);
        }
        return out;
    }

    /**
     * A real scalar argument of a kernel entry: the bits of the value in the precision, as a Long
     * (all 64 bits of a double; a float's 32 bits sign-extended). The entries turn them back into
     * a real (TREAL in kernels/tornado_entries.cl): TornadoVM's PTX backend passes every scalar as
     * ((Number) value).longValue(), which would truncate a Double.
     */
    static Object scalar(Precision precision, double value) {
        return precision == Precision.F64 ? Double.doubleToRawLongBits(value)
                : (long) Float.floatToRawIntBits((float) value);
    }

    Precision precision() {
        return precision;
    }
}
