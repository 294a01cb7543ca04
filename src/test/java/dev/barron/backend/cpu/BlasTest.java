package dev.barron.backend.cpu;

import dev.barron.model.Precision;
import org.bytedeco.openblas.presets.openblas_nolapack;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bundled OpenBLAS against a triple loop, column-major as the reference BLAS: both sides of
 * the size at which calls go native, every transpose, beta zero and not, syrk's untouched
 * triangle, and buffers reused across shrinking and growing shapes.
 */
class BlasTest {

    private static final Blas BUNDLED = BundledOpenBlas.load(() -> BlasLibrary.choose(BlasLibrary.Kind.JAVA).blas());

    /** The operand kinds a call may get: Java arrays (copied across) and native memory (in place). */
    private static RealArray heap(double[] v) {
        return new RealArray.Doubles(v.clone());
    }

    private static RealArray heapF(double[] v) {
        return new RealArray.Floats(floats(v));
    }

    private static RealArray direct(Precision p, double[] v) {
        RealArray r = DirectReals.allocate(p, v.length);
        r.write(0, v, 0, v.length);
        return r;
    }

    private static double[] random(int length, long seed) {
        Random r = new Random(seed);
        double[] v = new double[length];
        for (int i = 0; i < length; i++) {
            v[i] = r.nextGaussian();
        }
        return v;
    }

    private static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    /** C = alpha op(A) op(B) + beta C by definition; op(A) is m x k, column-major. */
    private static double[] naiveGemm(boolean ta, boolean tb, int m, int n, int k, double alpha, double[] a,
                                      double[] b, double beta, double[] c) {
        double[] out = c.clone();
        int lda = ta ? k : m;
        int ldb = tb ? n : k;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double x = ta ? a[p + i * lda] : a[i + p * lda];
                    double y = tb ? b[j + p * ldb] : b[p + j * ldb];
                    s += x * y;
                }
                out[i + j * m] = alpha * s + beta * c[i + j * m];
            }
        }
        return out;
    }

    @Test
    void gemmAgreesWithTheDefinitionForEveryTransposeAndBothSidesOfTheNativeSize() {
        int[][] shapes = {{3, 4, 5}, {60, 70, 50}, {130, 20, 90}, {7, 200, 300}};
        long seed = 1;
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                for (double beta : new double[]{0, 0.5}) {
                    double[] a = random(m * k, seed++);
                    double[] b = random(k * n, seed++);
                    double[] c = random(m * n, seed++);
                    double[] want = naiveGemm(ta, tb, m, n, k, 1.5, a, b, beta, c);
                    String what = m + "x" + n + "x" + k + " t" + t + " beta " + beta;
                    // Java arrays throughout, then native A and C with a Java-array B (mixed).
                    RealArray got = heap(c);
                    BUNDLED.gemm(ta, tb, m, n, k, 1.5, heap(a), ta ? k : m, heap(b), tb ? n : k, beta, got, m);
                    assertClose(want, got.toDoubles(), 1e-12 * k, "dgemm heap " + what);
                    got = direct(Precision.F64, c);
                    BUNDLED.gemm(ta, tb, m, n, k, 1.5, direct(Precision.F64, a), ta ? k : m, heap(b), tb ? n : k,
                            beta, got, m);
                    assertClose(want, got.toDoubles(), 1e-12 * k, "dgemm direct " + what);
                    got = heapF(c);
                    BUNDLED.gemm(ta, tb, m, n, k, 1.5, heapF(a), ta ? k : m, heapF(b), tb ? n : k, beta, got, m);
                    assertClose(want, got.toDoubles(), 1e-5 * k, "sgemm heap " + what);
                    got = direct(Precision.F32, c);
                    BUNDLED.gemm(ta, tb, m, n, k, 1.5, heapF(a), ta ? k : m, direct(Precision.F32, b), tb ? n : k,
                            beta, got, m);
                    assertClose(want, got.toDoubles(), 1e-5 * k, "sgemm direct " + what);
                }
            }
        }
    }

    @Test
    void syrkWritesTheUpperTriangleAndLeavesTheLowerAlone() {
        for (int[] s : new int[][]{{5, 3}, {90, 80}, {200, 64}}) {
            int n = s[0], k = s[1];
            double[] a = random(k * n, n);      // op(A) = A^T with A stored k x n (trans = true)
            double[] c = random(n * n, n + 1);
            double[] want = naiveGemm(true, false, n, n, k, 2.0, a, a, 0.25, c);
            RealArray got = heap(c);
            BUNDLED.syrk(true, n, k, 2.0, heap(a), k, 0.25, got, n);
            RealArray gotF = direct(Precision.F32, c);
            BUNDLED.syrk(true, n, k, 2.0, heapF(a), k, 0.25, gotF, n);
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    int at = i + j * n;
                    double expect = i <= j ? want[at] : c[at];
                    assertEquals(expect, got.get(at), 1e-12 * k, "dsyrk " + n + " (" + i + "," + j + ")");
                    assertEquals(expect, gotF.get(at), 1e-4 * k, "ssyrk " + n + " (" + i + "," + j + ")");
                }
            }
        }
    }

    /** A native array of capacity entries holding v at its start and a sentinel after it. */
    private static RealArray oversized(Precision p, double[] v, int capacity, double sentinel) {
        RealArray r = DirectReals.allocate(p, capacity);
        for (int i = 0; i < capacity; i++) {
            r.set(i, i < v.length ? v[i] : sentinel);
        }
        return r;
    }

    /**
     * Small products (the Java kernels) on native arrays far larger than the operands, as the
     * grow-only work arrays are after a large batch: the result of the definition, and C's
     * entries past the m x n block untouched.
     */
    @Test
    void smallProductsOnOversizedNativeArraysTouchOnlyTheirBlock() {
        int m = 6, n = 5, k = 4, capacity = 100_000;
        for (Precision p : Precision.values()) {
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                double[] a = random(m * k, 40 + t);
                double[] b = random(k * n, 50 + t);
                double[] c = random(m * n, 60 + t);
                double[] want = naiveGemm(ta, tb, m, n, k, 1.5, a, b, 0.5, c);
                RealArray got = oversized(p, c, capacity, 7.0);
                BUNDLED.gemm(ta, tb, m, n, k, 1.5, oversized(p, a, capacity, Double.NaN), ta ? k : m,
                        oversized(p, b, capacity, Double.NaN), tb ? n : k, 0.5, got, m);
                double[] all = got.toDoubles();
                assertClose(want, java.util.Arrays.copyOf(all, m * n), p == Precision.F64 ? 1e-12 : 1e-5, p + " t" + t);
                for (int i = m * n; i < capacity; i++) {
                    assertEquals(7.0, all[i], 0, p + " entry " + i + " past C");
                }
            }
            double[] a = random(k * n, 70);
            double[] c = random(n * n, 71);
            double[] want = naiveGemm(true, false, n, n, k, 2.0, a, a, 0.25, c);
            RealArray got = oversized(p, c, capacity, 7.0);
            BUNDLED.syrk(true, n, k, 2.0, oversized(p, a, capacity, Double.NaN), k, 0.25, got, n);
            for (int j = 0; j < n; j++) {
                for (int i = 0; i <= j; i++) {
                    assertEquals(want[i + j * n], got.get(i + j * n), p == Precision.F64 ? 1e-12 : 1e-4, "syrk " + p);
                }
            }
            assertEquals(7.0, got.get(n * n), 0);
        }
    }

    @Test
    void reusedBuffersCarryNothingOverBetweenShapes() {
        int[] sizes = {300, 100, 400, 100};
        for (int n : sizes) {
            double[] a = random(n * n, n);
            double[] b = random(n * n, n + 7);
            double[] nan = new double[n * n];
            java.util.Arrays.fill(nan, Double.NaN);   // beta = 0: C's old values must not matter
            RealArray c = heap(nan);
            BUNDLED.gemm(false, false, n, n, n, 1, heap(a), n, heap(b), n, 0, c, n);
            double[] want = naiveGemm(false, false, n, n, n, 1, a, b, 0, new double[n * n]);
            assertClose(want, c.toDoubles(), 1e-12 * n, "dgemm n = " + n);
        }
    }

    @Test
    void theDefaultIsTheBundledLibraryWithoutANote() {
        BlasLibrary lib = BlasLibrary.get();
        assertSame(BlasLibrary.Kind.BUNDLED, lib.kind(), lib.describe());
        assertNull(lib.note());
        assertTrue(lib.describe().startsWith("OpenBLAS 0.3."), lib.describe());
    }

    @Test
    void aChosenLibraryHasNoNoteAndAnUnknownChoiceNamesTheSetting() {
        assertNull(BlasLibrary.choose(BlasLibrary.Kind.JAVA).note());
        String old = System.getProperty("barron.blas");
        try {
            System.setProperty("barron.blas", "mkl");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, BlasLibrary::requested);
            assertTrue(e.getMessage().contains("barron.blas = mkl") && e.getMessage().contains("bundled, system, java"),
                    e.getMessage());
            System.setProperty("barron.blas", "System");
            assertSame(BlasLibrary.Kind.SYSTEM, BlasLibrary.requested());
        } finally {
            if (old == null) {
                System.clearProperty("barron.blas");
            } else {
                System.setProperty("barron.blas", old);
            }
        }
    }

    @Test
    void aSystemLibraryThatIsMissingFallsBackToJavaWithOneNote() {
        BlasLibrary lib = BlasLibrary.choose(BlasLibrary.Kind.SYSTEM);
        if (lib.kind() == BlasLibrary.Kind.SYSTEM) {
            assertNull(lib.note(), "a system BLAS was found and chosen: no note");
        } else {
            assertSame(BlasLibrary.Kind.JAVA, lib.kind());
            assertTrue(lib.note().startsWith("note: BLAS: ") && !lib.note().contains("\n"), lib.note());
        }
    }

    /**
     * serially gives OpenBLAS one thread while any caller is inside (nested, or two callers
     * overlapping) and its own count back when the last one leaves; the count is read through
     * JavaCPP's own lookup, not the function pointer that sets it.
     */
    @Test
    void seriallyRunsOnOneThreadAndGivesTheCountBack() throws Exception {
        int own = threads();
        int[] seen = new int[4];
        CountDownLatch bothInside = new CountDownLatch(2);
        CountDownLatch firstLeft = new CountDownLatch(1);
        Thread other = new Thread(() -> BUNDLED.serially(() -> {
            bothInside.countDown();
            await(firstLeft);
            seen[3] = threads();
        }));
        other.start();
        BUNDLED.serially(() -> {
            seen[0] = threads();
            BUNDLED.serially(() -> { });
            seen[1] = threads();
            bothInside.countDown();
            await(bothInside);
        });
        seen[2] = threads();
        firstLeft.countDown();
        other.join();
        assertEquals(1, seen[0], "inside");
        assertEquals(1, seen[1], "after a nested call");
        assertEquals(1, seen[2], "after the first caller left while the second is inside");
        assertEquals(1, seen[3], "the second caller, still inside");
        assertEquals(own, threads(), "after both left");
    }

    /**
     * openblas_get_num_threads, read through a function pointer of the presets' int(int) shape
     * (JavaCPP binds no getter of OpenBLAS's own; its blas_get_num_threads returns the count it
     * last set, not OpenBLAS's). The extra argument goes in a register the function never reads.
     */
    private static int threads() {
        try {
            var holder = openblas_nolapack.MklSetNumThreadsLocal.class.getDeclaredConstructor();
            holder.setAccessible(true);
            return holder.newInstance().put(org.bytedeco.javacpp.Loader.addressof("openblas_get_num_threads")).call(0);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertClose(double[] want, double[] got, double tol, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], tol * Math.max(1, Math.abs(want[i])), what + " at " + i);
        }
    }
}
