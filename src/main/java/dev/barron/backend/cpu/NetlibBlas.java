package dev.barron.backend.cpu;

import dev.ludovic.netlib.blas.BLAS;

/**
 * {@link Blas} through a netlib-java instance: JNIBLAS (the system's libblas.so.3) or its Java
 * kernels. netlib takes Java arrays; operands in native memory (which exist only while the
 * bundled library is in use, see {@link DirectReals}) are copied across, so any mix works.
 */
final class NetlibBlas implements Blas {

    private final BLAS blas;
    private final String name;

    NetlibBlas(BLAS blas, String name) {
        this.blas = blas;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    private static String flag(boolean trans) {
        return trans ? "T" : "N";
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, RealArray a, int lda,
                     RealArray b, int ldb, double beta, RealArray c, int ldc) {
        int aUsed = extent(transA ? k : m, transA ? m : k, lda);
        int bUsed = extent(transB ? n : k, transB ? k : n, ldb);
        int cUsed = extent(m, n, ldc);
        if (c.precision() == dev.barron.model.Precision.F64) {
            double[] cd = doubles(c, cUsed);
            blas.dgemm(flag(transA), flag(transB), m, n, k, alpha, doubles(a, aUsed), 0, lda, doubles(b, bUsed), 0, ldb,
                    beta, cd, 0, ldc);
            backInto(c, cd);
        } else {
            float[] cf = floats(c, cUsed);
            blas.sgemm(flag(transA), flag(transB), m, n, k, (float) alpha, floats(a, aUsed), 0, lda, floats(b, bUsed), 0,
                    ldb, (float) beta, cf, 0, ldc);
            backInto(c, cf);
        }
    }

    @Override
    public void syrk(boolean trans, int n, int k, double alpha, RealArray a, int lda, double beta, RealArray c, int ldc) {
        int aUsed = extent(trans ? k : n, trans ? n : k, lda);
        int cUsed = extent(n, n, ldc);
        if (c.precision() == dev.barron.model.Precision.F64) {
            double[] cd = doubles(c, cUsed);
            blas.dsyrk("U", flag(trans), n, k, alpha, doubles(a, aUsed), 0, lda, beta, cd, 0, ldc);
            backInto(c, cd);
        } else {
            float[] cf = floats(c, cUsed);
            blas.ssyrk("U", flag(trans), n, k, (float) alpha, floats(a, aUsed), 0, lda, (float) beta, cf, 0, ldc);
            backInto(c, cf);
        }
    }

    /**
     * Entries a column-major rows x cols operand with leading dimension ld reaches. Only those
     * are copied from native memory: the backend's work arrays are grow-only
     * ({@link ThreadBuffers}), and after a large batch a small product copied the whole
     * buffer, megabytes, twice per call (12 to 22 ms a step at n = 316 and 1000).
     */
    static int extent(int rows, int cols, int ld) {
        return rows == 0 || cols == 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, (long) ld * (cols - 1) + rows);
    }

    private static double[] doubles(RealArray r, int used) {
        if (r instanceof RealArray.Doubles d) {
            return d.data();
        }
        double[] out = new double[used];
        r.read(0, out, 0, used);
        return out;
    }

    private static float[] floats(RealArray r, int used) {
        if (r instanceof RealArray.Floats f) {
            return f.data();
        }
        float[] out = new float[used];
        for (int i = 0; i < used; i++) {
            out[i] = (float) r.get(i);
        }
        return out;
    }

    private static void backInto(RealArray c, double[] values) {
        if (!(c instanceof RealArray.Doubles)) {
            c.write(0, values, 0, values.length);
        }
    }

    private static void backInto(RealArray c, float[] values) {
        if (!(c instanceof RealArray.Floats)) {
            for (int i = 0; i < values.length; i++) {
                c.set(i, values[i]);
            }
        }
    }
}
