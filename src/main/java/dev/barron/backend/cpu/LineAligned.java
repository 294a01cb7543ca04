package dev.barron.backend.cpu;

import java.lang.management.ManagementFactory;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

/**
 * Work arrays kept per calling thread whose element {@link #floatStart()} (float) or
 * {@link #doubleStart()} (double) lies on a 64-byte cache line, so that the fused kernels'
 * vector loads and stores of Z, D and grad W never straddle two lines.
 *
 * <p>Why: Java places an array wherever its allocator stands, at any multiple of 8 bytes,
 * and with 64-byte vectors (AVX-512) every load from a misaligned row touches two lines. The
 * float kernel's products ran 10 to 12 % slower on a Z and grad W that started 16, 32 or 48
 * bytes into a line than on aligned ones, and which of these a run got was a matter of chance.
 * The one place Java's alignment is known: G1 puts an object of at least half a heap region
 * (humongous) at the start of a region, and never moves it off a region start, so its first
 * element lies the array base offset (16 bytes in HotSpot's default layout) past a line.
 * These arrays are therefore made at least that large. Under another collector, or where the
 * region size or the base offset cannot be read, they are plain arrays with start 0, as
 * before: correct, only not aligned.
 *
 * <p>One array a thread and element type, reused by every later call on that thread (grown when
 * a call needs more); the contents are whatever the last call left. Memory: half a G1 region
 * (1/4096 of the heap, at most 16 MiB) per thread that runs a fused kernel.
 */
final class LineAligned {

    private static final int LINE = 64;
    private static final Layout LAYOUT = Layout.read();
    private static final ThreadLocal<float[]> FLOATS = new ThreadLocal<>();
    private static final ThreadLocal<double[]> DOUBLES = new ThreadLocal<>();

    private LineAligned() {
    }

    /** The first element of {@link #floats} on a cache line (0 where that is not known). */
    static int floatStart() {
        return LAYOUT.start(Float.BYTES);
    }

    /** The first element of {@link #doubles} on a cache line (0 where that is not known). */
    static int doubleStart() {
        return LAYOUT.start(Double.BYTES);
    }

    /** The calling thread's float work array, with at least length entries from {@link #floatStart()} on. */
    static float[] floats(int length) {
        return mine(FLOATS, floatStart() + length, a -> a.length, n -> new float[LAYOUT.size(n, Float.BYTES)]);
    }

    /** The calling thread's double work array, with at least length entries from {@link #doubleStart()} on. */
    static double[] doubles(int length) {
        return mine(DOUBLES, doubleStart() + length, a -> a.length, n -> new double[LAYOUT.size(n, Double.BYTES)]);
    }

    private static <A> A mine(ThreadLocal<A> slot, int entries, ToIntFunction<A> length, IntFunction<A> allocate) {
        A mine = slot.get();
        if (mine == null || length.applyAsInt(mine) < entries) {
            mine = allocate.apply(entries);
            slot.set(mine);
        }
        return mine;
    }

    /**
     * What the running JVM says of its layout: the byte offset of a float and of a double
     * array's first element, and the smallest humongous array in bytes; all 0 when unknown.
     */
    record Layout(int floatBase, int doubleBase, long humongousBytes) {

        static final Layout UNKNOWN = new Layout(0, 0, 0);

        int start(int elementBytes) {
            int base = elementBytes == Float.BYTES ? floatBase : doubleBase;
            if (humongousBytes == 0 || base % elementBytes != 0) {
                return 0;
            }
            return (LINE - base % LINE) % LINE / elementBytes;
        }

        /** Elements to allocate for length of them: enough to be humongous, when that is known. */
        int size(int length, int elementBytes) {
            long humongous = (humongousBytes + elementBytes - 1) / elementBytes;
            return (int) Math.min(Integer.MAX_VALUE - 8, Math.max(length, humongous));
        }

        static Layout read() {
            try {
                var vm = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
                if (vm == null || !Boolean.parseBoolean(vm.getVMOption("UseG1GC").getValue())) {
                    return UNKNOWN;
                }
                long region = Long.parseLong(vm.getVMOption("G1HeapRegionSize").getValue());
                // read by reflection: the constants are deprecated, and a JVM without them is one
                // whose layout this class does not claim to know
                Class<?> unsafe = Class.forName("sun.misc.Unsafe");
                int floatBase = unsafe.getField("ARRAY_FLOAT_BASE_OFFSET").getInt(null);
                int doubleBase = unsafe.getField("ARRAY_DOUBLE_BASE_OFFSET").getInt(null);
                return region > 0 ? new Layout(floatBase, doubleBase, region / 2 + LINE) : UNKNOWN;
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return UNKNOWN;
            }
        }
    }
}
