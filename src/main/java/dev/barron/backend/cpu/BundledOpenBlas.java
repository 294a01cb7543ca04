package dev.barron.backend.cpu;

import dev.barron.model.Precision;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;

import java.util.function.Supplier;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasColMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasUpper;

/**
 * {@link Blas} through the OpenBLAS that ships in the jar (org.bytedeco:openblas, built with
 * DYNAMIC_ARCH: it picks its kernels for the CPU it runs on; the release numpy ships).
 *
 * <p>Operands in native memory ({@link DirectReals}, what the backend allocates itself) are
 * handed over as they are. A Java array (the caller's weights or data, wrapped without a copy)
 * is copied into a grow-only native buffer of the calling thread, and a Java-array C is copied
 * back: JavaCPP's own array overloads would copy every argument both ways, into fresh pages,
 * which costs a third of the rate on large products. C is copied in only when the routine
 * reads it (beta not zero, padding rows, syrk's untouched triangle). Products smaller than
 * {@link #SMALL_FLOPS} go to the Java kernels, where the JNI call would cost more than the work.
 */
final class BundledOpenBlas implements Blas {

    /** m n k below which the Java kernels are faster than a native call. */
    static final long SMALL_FLOPS = 48L * 48 * 48;

    private final Blas small;
    private final String name;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    private BundledOpenBlas(Blas small, String name) {
        this.small = small;
        this.name = name;
    }

    /**
     * Loads the bundled library, then takes small's kernels; throws a LinkageError (or a
     * RuntimeException from JavaCPP) when this platform has no natives in the jar or they cannot
     * be loaded. The bundled libopenblas.so.0 is loaded first so that it is the one the dynamic
     * loader gives to every later library that needs that name (the bundled LAPACK's JNI library,
     * the system's libblas.so.3 of Debian's OpenBLAS should netlib load it), whatever other
     * libopenblas.so.0 is on the loader's path.
     */
    static BundledOpenBlas load(Supplier<Blas> small) {
        // JavaCPP otherwise caps its native memory at twice the Java heap and fails large products.
        if (System.getProperty("org.bytedeco.javacpp.maxPhysicalBytes") == null) {
            System.setProperty("org.bytedeco.javacpp.maxPhysicalBytes", "0");
        }
        if (System.getProperty("org.bytedeco.javacpp.maxBytes") == null) {
            System.setProperty("org.bytedeco.javacpp.maxBytes", "0");
        }
        Loader.load(openblas_nolapack.class);
        String version = openblas_nolapack.OPENBLAS_VERSION.trim();
        return new BundledOpenBlas(small.get(), version + " (bundled, " + Loader.getPlatform() + ")");
    }

    @Override
    public String name() {
        return name;
    }

    private static int op(boolean trans) {
        return trans ? CblasTrans : CblasNoTrans;
    }

    private static final Object THREADS = new Object();
    private static int serialDepth;

    /**
     * OpenBLAS's thread count is one global setting: it is 1 while any caller works serially
     * and goes back to all of OpenBLAS's threads when the last one is done. A call from
     * elsewhere in the meantime still computes the same result, on one thread.
     */
    @Override
    public void serially(Runnable work) {
        synchronized (THREADS) {
            if (serialDepth++ == 0) {
                ThreadCount.set(1);
            }
        }
        try {
            work.run();
        } finally {
            synchronized (THREADS) {
                if (--serialDepth == 0) {
                    ThreadCount.set(ThreadCount.ALL);
                }
            }
        }
    }

    /**
     * OpenBLAS's thread count, set through a function pointer looked up once (on first use,
     * after the library is loaded). JavaCPP's blas_set_num_threads looks four symbols up on
     * every call, about 1 ms on a 2-core Xeon, as much as a whole empirical gradient at
     * n = 3000; the pointer's call takes under a microsecond. Where the lookup fails JavaCPP's
     * call is used.
     */
    private static final class ThreadCount {
        /** openblas_set_num_threads takes a count below 1 as all the threads it started with. */
        static final int ALL = -1;
        private static final org.bytedeco.openblas.presets.openblas_nolapack.SetNumThreads SET = lookUp();

        static void set(int threads) {
            if (SET != null) {
                SET.call(threads);
            } else {
                org.bytedeco.openblas.presets.openblas_nolapack.blas_set_num_threads(threads);
            }
        }

        private static org.bytedeco.openblas.presets.openblas_nolapack.SetNumThreads lookUp() {
            try {
                Pointer address = Loader.addressof("openblas_set_num_threads");
                if (address == null || address.isNull()) {
                    return null;
                }
                // The presets allocate this holder (then point it at a symbol) through a
                // protected constructor, as its own blas_set_num_threads does.
                var holder = org.bytedeco.openblas.presets.openblas_nolapack.SetNumThreads.class.getDeclaredConstructor();
                holder.setAccessible(true);
                return holder.newInstance().put(address);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return null;
            }
        }
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, RealArray a, int lda,
                     RealArray b, int ldb, double beta, RealArray c, int ldc) {
        if ((long) m * n * k < SMALL_FLOPS) {
            small.gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            return;
        }
        Scratch s = scratch.get();
        boolean readC = beta != 0 || ldc != m;
        if (c.precision() == Precision.F64) {
            DoublePointer pc = s.doubles(2, c, readC);
            openblas_nolapack.cblas_dgemm(CblasColMajor, op(transA), op(transB), m, n, k, alpha,
                    s.doubles(0, a, true), lda, s.doubles(1, b, true), ldb, beta, pc, ldc);
            s.back(c, pc);
        } else {
            FloatPointer pc = s.floats(2, c, readC);
            openblas_nolapack.cblas_sgemm(CblasColMajor, op(transA), op(transB), m, n, k, (float) alpha,
                    s.floats(0, a, true), lda, s.floats(1, b, true), ldb, (float) beta, pc, ldc);
            s.back(c, pc);
        }
    }

    @Override
    public void syrk(boolean trans, int n, int k, double alpha, RealArray a, int lda, double beta, RealArray c, int ldc) {
        if ((long) n * n * k < SMALL_FLOPS) {
            small.syrk(trans, n, k, alpha, a, lda, beta, c, ldc);
            return;
        }
        Scratch s = scratch.get();
        if (c.precision() == Precision.F64) {
            DoublePointer pc = s.doubles(2, c, true);
            openblas_nolapack.cblas_dsyrk(CblasColMajor, CblasUpper, op(trans), n, k, alpha, s.doubles(0, a, true),
                    lda, beta, pc, ldc);
            s.back(c, pc);
        } else {
            FloatPointer pc = s.floats(2, c, true);
            openblas_nolapack.cblas_ssyrk(CblasColMajor, CblasUpper, op(trans), n, k, (float) alpha,
                    s.floats(0, a, true), lda, (float) beta, pc, ldc);
            s.back(c, pc);
        }
    }

    /**
     * One thread's native buffers for Java-array operands (slots 0, 1, 2 for A, B, C), grown to
     * the largest operand seen and kept, since a training run repeats the same shapes every step.
     */
    private static final class Scratch {
        private final DoublePointer[] doubles = new DoublePointer[3];
        private final FloatPointer[] floats = new FloatPointer[3];

        /** The operand's native address: its own buffer when direct, else slot's copy of it. */
        DoublePointer doubles(int slot, RealArray r, boolean copyIn) {
            if (r instanceof DirectReals.Doubles d) {
                return d.pointer();
            }
            DoublePointer p = doubles[slot];
            if (p == null || p.capacity() < r.length()) {
                if (p != null) {
                    p.close();
                }
                p = new DoublePointer(Math.max(1, r.length()));
                doubles[slot] = p;
            }
            p.position(0);
            if (copyIn) {
                p.put(((RealArray.Doubles) r).data(), 0, r.length());
            }
            return p;
        }

        FloatPointer floats(int slot, RealArray r, boolean copyIn) {
            if (r instanceof DirectReals.Floats f) {
                return f.pointer();
            }
            FloatPointer p = floats[slot];
            if (p == null || p.capacity() < r.length()) {
                if (p != null) {
                    p.close();
                }
                p = new FloatPointer(Math.max(1, r.length()));
                floats[slot] = p;
            }
            p.position(0);
            if (copyIn) {
                p.put(((RealArray.Floats) r).data(), 0, r.length());
            }
            return p;
        }

        /** Copies the result back when C is a Java array (a direct C was written in place). */
        void back(RealArray c, DoublePointer pc) {
            if (c instanceof RealArray.Doubles d) {
                pc.position(0).get(d.data(), 0, d.length());
            }
        }

        void back(RealArray c, FloatPointer pc) {
            if (c instanceof RealArray.Floats f) {
                pc.position(0).get(f.data(), 0, f.length());
            }
        }
    }
}
