package dev.barron.backend.cpu;

import dev.barron.model.Precision;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * {@link RealArray}s in native memory (direct NIO buffers), for the bundled OpenBLAS.
 *
 * <p>Why: JavaCPP hands a direct buffer's address to BLAS as it is, while a Java array is
 * copied into native memory and back on every call. The large operands that the CPU backend
 * allocates itself (Gram and coefficient matrices, preactivations, gradients) therefore live
 * here when the bundled library computes; Java reads and writes them through the buffers'
 * absolute get/put, which the JIT compiles to plain loads and stores.
 *
 * <p>A buffer holds at most 2^31 - 1 bytes; larger arrays stay on the heap (and are copied).
 * {@link RealArray#release()} frees the memory at once through the JDK's buffer cleaner
 * (sun.misc.Unsafe.invokeCleaner, the supported way since Java 9); without it the collector
 * frees it later.
 */
final class DirectReals {

    private static final Method INVOKE_CLEANER;
    private static final Object UNSAFE;

    static {
        Method m = null;
        Object u = null;
        try {
            Class<?> c = Class.forName("sun.misc.Unsafe");
            Field f = c.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            u = f.get(null);
            m = c.getMethod("invokeCleaner", ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            m = null;   // no early freeing: the collector still frees the buffers
        }
        INVOKE_CLEANER = m;
        UNSAFE = u;
    }

    private DirectReals() {
    }

    /** Whether an array of this length goes to native memory under the BLAS in use. */
    static boolean wanted(Precision precision, int length) {
        long bytes = (long) length * (precision == Precision.F64 ? Double.BYTES : Float.BYTES);
        return bytes <= Integer.MAX_VALUE && BlasLibrary.get().kind() == BlasLibrary.Kind.BUNDLED;
    }

    static RealArray allocate(Precision precision, int length) {
        if (precision == Precision.F64) {
            ByteBuffer bytes = ByteBuffer.allocateDirect(Math.max(1, length) * Double.BYTES).order(ByteOrder.nativeOrder());
            return new Doubles(bytes, bytes.asDoubleBuffer(), length);
        }
        ByteBuffer bytes = ByteBuffer.allocateDirect(Math.max(1, length) * Float.BYTES).order(ByteOrder.nativeOrder());
        return new Floats(bytes, bytes.asFloatBuffer(), length);
    }

    private static void free(ByteBuffer bytes) {
        if (INVOKE_CLEANER != null) {
            try {
                INVOKE_CLEANER.invoke(UNSAFE, bytes);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // Left to the collector.
            }
        }
    }

    /** float64 in native memory. */
    record Doubles(ByteBuffer bytes, DoubleBuffer data, int length) implements RealArray {
        @Override
        public Precision precision() {
            return Precision.F64;
        }

        @Override
        public double get(int index) {
            return data.get(index);
        }

        @Override
        public void set(int index, double value) {
            data.put(index, value);
        }

        @Override
        public void read(int offset, double[] dst, int dstOffset, int length) {
            data.get(offset, dst, dstOffset, length);
        }

        @Override
        public void write(int offset, double[] src, int srcOffset, int length) {
            data.put(offset, src, srcOffset, length);
        }

        @Override
        public void mirrorLowerToUpper(int n) {
            for (int rb = 0; rb < n; rb += TILE) {
                for (int cb = rb; cb < n; cb += TILE) {
                    for (int r = rb; r < Math.min(rb + TILE, n); r++) {
                        for (int c = Math.max(cb, r + 1); c < Math.min(cb + TILE, n); c++) {
                            data.put(r * n + c, data.get(c * n + r));
                        }
                    }
                }
            }
        }

        @Override
        public void release() {
            free(bytes);
        }
    }

    /** float32 in native memory. */
    record Floats(ByteBuffer bytes, FloatBuffer data, int length) implements RealArray {
        @Override
        public Precision precision() {
            return Precision.F32;
        }

        @Override
        public double get(int index) {
            return data.get(index);
        }

        @Override
        public void set(int index, double value) {
            data.put(index, (float) value);
        }

        @Override
        public void read(int offset, double[] dst, int dstOffset, int length) {
            for (int t = 0; t < length; t++) {
                dst[dstOffset + t] = data.get(offset + t);
            }
        }

        @Override
        public void write(int offset, double[] src, int srcOffset, int length) {
            for (int t = 0; t < length; t++) {
                data.put(offset + t, (float) src[srcOffset + t]);
            }
        }

        @Override
        public void mirrorLowerToUpper(int n) {
            for (int rb = 0; rb < n; rb += TILE) {
                for (int cb = rb; cb < n; cb += TILE) {
                    for (int r = rb; r < Math.min(rb + TILE, n); r++) {
                        for (int c = Math.max(cb, r + 1); c < Math.min(cb + TILE, n); c++) {
                            data.put(r * n + c, data.get(c * n + r));
                        }
                    }
                }
            }
        }

        @Override
        public void release() {
            free(bytes);
        }
    }
}
