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
        if (c.precision() == dev.barron.model.Precision.F64) {
            double[] cd = doubles(c);
            blas.dgemm(flag(transA), flag(transB), m, n, k, alpha, doubles(a), 0, lda, doubles(b), 0, ldb,
                    beta, cd, 0, ldc);
            backInto(c, cd);
        } else {
            float[] cf = floats(c);
            blas.sgemm(flag(transA), flag(transB), m, n, k, (float) alpha, floats(a), 0, lda, floats(b), 0, ldb,
                    (float) beta, cf, 0, ldc);
            backInto(c, cf);
        }
    }

    @Override
    public void syrk(boolean trans, int n, int k, double alpha, RealArray a, int lda, double beta, RealArray c, int ldc) {
        if (c.precision() == dev.barron.model.Precision.F64) {
            double[] cd = doubles(c);
            blas.dsyrk("U", flag(trans), n, k, alpha, doubles(a), 0, lda, beta, cd, 0, ldc);
            backInto(c, cd);
        } else {
            float[] cf = floats(c);
            blas.ssyrk("U", flag(trans), n, k, (float) alpha, floats(a), 0, lda, (float) beta, cf, 0, ldc);
            backInto(c, cf);
        }
    }

    private static double[] doubles(RealArray r) {
        return r instanceof RealArray.Doubles d ? d.data() : r.toDoubles();
    }

    private static float[] floats(RealArray r) {
        if (r instanceof RealArray.Floats f) {
            return f.data();
        }
        float[] out = new float[r.length()];
        for (int i = 0; i < out.length; i++) {
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
