package dev.barron.backend.cpu;

import dev.barron.model.Precision;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;

import java.lang.ref.Reference;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * {@link RealArray}s in native memory, for the bundled OpenBLAS.
 *
 * <p>Why: BLAS reads and writes native memory in place, while a Java array is copied into
 * native memory and back on every call. The large operands that the CPU backend allocates
 * itself (Gram and coefficient matrices, preactivations, gradients) therefore live here when
 * the bundled library computes; Java reads and writes them through a direct NIO view, whose
 * absolute get/put the JIT compiles to plain loads and stores.
 *
 * <p>The memory is JavaCPP's (malloc, zeroed here): {@link RealArray#release()} frees it at
 * once (no JDK-internal API needed), and the collector frees what is not released. Every
 * access ends with a reachability fence on the array, so that the collector cannot free the
 * memory while a view of it is still being read.
 */
final class DirectReals {

    /** Per-thread staging for float conversions (16 KiB: stays in the first-level cache). */
    private static final ThreadLocal<float[]> CHUNK = ThreadLocal.withInitial(() -> new float[4096]);

    private DirectReals() {
    }

    /**
     * Whether an array goes to native memory: only the bundled OpenBLAS reads it in place, and
     * an NIO view spans at most 2^31 - 1 bytes (larger arrays stay on the heap and are copied).
     */
    static boolean wanted(Precision precision, int length) {
        long bytes = (long) length * (precision == Precision.F64 ? Double.BYTES : Float.BYTES);
        return bytes <= Integer.MAX_VALUE && BlasLibrary.get().kind() == BlasLibrary.Kind.BUNDLED;
    }

    static RealArray allocate(Precision precision, int length) {
        if (precision == Precision.F64) {
            DoublePointer p = new DoublePointer(Math.max(1, length)).zero();
            return new Doubles(p, p.asBuffer(), length);
        }
        FloatPointer p = new FloatPointer(Math.max(1, length)).zero();
        return new Floats(p, p.asBuffer(), length);
    }

    /** float64 in native memory. */
    record Doubles(DoublePointer pointer, DoubleBuffer data, int length) implements RealArray {
        @Override
        public Precision precision() {
            return Precision.F64;
        }

        @Override
        public double get(int index) {
            double v = data.get(index);
            Reference.reachabilityFence(this);
            return v;
        }

        @Override
        public void set(int index, double value) {
            data.put(index, value);
            Reference.reachabilityFence(this);
        }

        @Override
        public void read(int offset, double[] dst, int dstOffset, int length) {
            data.get(offset, dst, dstOffset, length);
            Reference.reachabilityFence(this);
        }

        @Override
        public void write(int offset, double[] src, int srcOffset, int length) {
            data.put(offset, src, srcOffset, length);
            Reference.reachabilityFence(this);
        }


        @Override
        public void release() {
            pointer.close();
        }
    }

    /** float32 in native memory. */
    record Floats(FloatPointer pointer, FloatBuffer data, int length) implements RealArray {
        @Override
        public Precision precision() {
            return Precision.F32;
        }

        @Override
        public double get(int index) {
            double v = data.get(index);
            Reference.reachabilityFence(this);
            return v;
        }

        @Override
        public void set(int index, double value) {
            data.put(index, (float) value);
            Reference.reachabilityFence(this);
        }

        @Override
        public void readFloats(int offset, float[] dst, int dstOffset, int length) {
            data.get(offset, dst, dstOffset, length);
            Reference.reachabilityFence(this);
        }

        @Override
        public void writeFloats(int offset, float[] src, int srcOffset, int length) {
            data.put(offset, src, srcOffset, length);
            Reference.reachabilityFence(this);
        }

        /** Widens through a chunk of floats: a bulk copy out, then a loop the JIT vectorises. */
        @Override
        public void read(int offset, double[] dst, int dstOffset, int length) {
            float[] chunk = CHUNK.get();
            for (int done = 0; done < length; done += chunk.length) {
                int len = Math.min(chunk.length, length - done);
                data.get(offset + done, chunk, 0, len);
                for (int t = 0; t < len; t++) {
                    dst[dstOffset + done + t] = chunk[t];
                }
            }
            Reference.reachabilityFence(this);
        }

        /** Rounds into a chunk of floats, then one bulk copy in. */
        @Override
        public void write(int offset, double[] src, int srcOffset, int length) {
            float[] chunk = CHUNK.get();
            for (int done = 0; done < length; done += chunk.length) {
                int len = Math.min(chunk.length, length - done);
                for (int t = 0; t < len; t++) {
                    chunk[t] = (float) src[srcOffset + done + t];
                }
                data.put(offset + done, chunk, 0, len);
            }
            Reference.reachabilityFence(this);
        }


        @Override
        public void release() {
            pointer.close();
        }
    }
}
