package dev.barron.backend.opencl;

import dev.barron.model.Precision;
import org.jocl.Pointer;

/**
 * The storage abstraction over the device's real type: how doubles are packed for the device
 * and read back (the kernels' {@code real} comes from {@link KernelConstants#defines}). One code path
 * serves float32 and float64.
 */
final class RealType {

    private final Precision precision;

    RealType(Precision precision) {
        this.precision = precision;
    }

    Precision precision() {
        return precision;
    }

    int bytes() {
        return precision.bytes();
    }

    boolean isDouble() {
        return precision == Precision.F64;
    }

    /** A host array in the device's layout, ready to be written. */
    Pointer pack(double[] values, int from, int count) {
        if (isDouble()) {
            if (from == 0 && count == values.length) {
                return Pointer.to(values);
            }
            double[] part = new double[count];
            System.arraycopy(values, from, part, 0, count);
            return Pointer.to(part);
        }
        float[] f = new float[count];
        for (int i = 0; i < count; i++) {
            f[i] = (float) values[from + i];
        }
        return Pointer.to(f);
    }

    /** A scalar kernel argument of type real. */
    Pointer scalar(double value) {
        return isDouble() ? Pointer.to(new double[] {value}) : Pointer.to(new float[] {(float) value});
    }

    /** A host buffer to read count reals into, and its conversion to doubles. */
    Readback readback(int count) {
        return isDouble() ? new Readback(new double[count], null) : new Readback(null, new float[count]);
    }

    /** A read target: exactly one of the two arrays is set. */
    static final class Readback {
        private final double[] doubles;
        private final float[] floats;

        Readback(double[] doubles, float[] floats) {
            this.doubles = doubles;
            this.floats = floats;
        }

        Pointer pointer() {
            return doubles != null ? Pointer.to(doubles) : Pointer.to(floats);
        }

        double[] values() {
            if (doubles != null) {
                return doubles;
            }
            double[] out = new double[floats.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = floats[i];
            }
            return out;
        }
    }
}
